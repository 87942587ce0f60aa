// Tenant admins must not learn which user names exist in other tenants (issue 7: creating a user
// answered "This user name is taken"). Existing accounts are asked for by a form that answers
// the same either way; sharing an account across tenants is left to super admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant, makeUser } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'

let t: FullTestApp
let mine: { id: TenantId; name: string }
let theirs: { id: TenantId; name: string }
let admin: TestAgent
let elsewhere: { id: string; username: string }
let colleague: { id: string; username: string }

beforeAll(async () => {
  t = await createFullTestApp()
  mine = await makeTenant(t.deps, 'Request Mine')
  theirs = await makeTenant(t.deps, 'Request Theirs')
  admin = await loginAs(t, 'admin', mine.id)
  elsewhere = await makeUser(t.deps, {
    username: 'elsewhere.bob',
    memberships: [{ tenantId: theirs.id, role: 'admin' }],
  })
  colleague = await makeUser(t.deps, {
    username: 'here.carol',
    memberships: [{ tenantId: mine.id, role: 'viewer' }],
  })
})
afterAll(() => t.close())

/** POSTs a request and reads the page it leads to, with the user name masked. */
async function ask(
  username: string,
): Promise<{ status: number; location: string | null; page: string }> {
  const res = await admin.post('/users/account-requests', { username, role: 'operator' })
  const page = visibleText(await (await admin.get('/users')).text()).replaceAll(username, 'NAME')
  return { status: res.status, location: res.headers.get('Location'), page }
}

async function membershipsOf(userId: string) {
  return t.deps.unscoped
    .selectFrom('memberships')
    .select('tenant_id')
    .where('user_id', '=', userId as never)
    .execute()
}

describe('asking for an existing account', () => {
  it("answers an existing name of another tenant exactly like a name that doesn't exist, and adds no one", async () => {
    const existing = await ask(elsewhere.username)
    const missing = await ask('nobody.at-all')
    expect(existing.status).toBe(303)
    expect(existing).toEqual(missing)
    expect(existing.page).toContain('Request recorded. If an account named “NAME” exists')
    expect(await membershipsOf(elsewhere.id)).toEqual([{ tenant_id: theirs.id }])
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.account_request')
      .orderBy('seq')
      .execute()
    expect(rows.map((r) => [r.tenant_id, r.target_id, r.target_label])).toEqual([
      [mine.id, null, elsewhere.username],
      [mine.id, null, 'nobody.at-all'],
    ])
  })

  it('checks the form like any other (422, nothing recorded)', async () => {
    const res = await admin.post('/users/account-requests', { username: ' ', role: 'root' })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('Use at least 2 characters.')
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .select('seq')
      .where('target_label', '=', '')
      .execute()
    expect(rows).toEqual([])
  })
})

describe('creating a user with a name that exists', () => {
  it('does not tell a tenant admin the name is taken, nor where', async () => {
    const other = await admin.post('/users', { username: elsewhere.username, role: 'viewer' })
    const here = await admin.post('/users', { username: colleague.username, role: 'viewer' })
    expect(other.status).toBe(422)
    const mask = (text: string) =>
      text.replaceAll(elsewhere.username, 'NAME').replaceAll(colleague.username, 'NAME')
    const otherText = mask(visibleText(await other.text()))
    expect(otherText).not.toContain('taken')
    expect(otherText).toContain('Add an existing account')
    // the answer for another tenant's name is the one for a name of this tenant
    expect(otherText).toBe(mask(visibleText(await here.text())))
    expect(await membershipsOf(elsewhere.id)).toEqual([{ tenant_id: theirs.id }])
  })

  it('still tells a super admin, who sees every account anyway', async () => {
    const root = await loginAs(t, 'super_admin')
    await root.post('/session/tenant', { tenantId: mine.id, returnTo: '/users' })
    const res = await root.post('/users', { username: elsewhere.username, role: 'viewer' })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('This user name is taken.')
  })
})
