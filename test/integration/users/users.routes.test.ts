// User pages of a tenant admin through app.request(): table-driven access checks, then journeys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant, makeUser, signIn } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { auditRow, auditRows } from '../../support/audit.ts'

let t: FullTestApp
let tenantA: { id: TenantId; name: string }
let tenantB: { id: TenantId; name: string }
let as: Record<
  'admin' | 'operator' | 'viewer' | 'otherAdmin' | 'root',
  TestAgent & { userId: string }
>
let target: { id: string; username: string }

beforeAll(async () => {
  t = await createFullTestApp()
  tenantA = await makeTenant(t.deps, 'Alpha')
  tenantB = await makeTenant(t.deps, 'Beta')
  as = {
    admin: await loginAs(t, 'admin', tenantA.id),
    operator: await loginAs(t, 'operator', tenantA.id),
    viewer: await loginAs(t, 'viewer', tenantA.id),
    otherAdmin: await loginAs(t, 'admin', tenantB.id),
    root: await loginAs(t, 'super_admin'),
  }
  target = await makeUser(t.deps, {
    username: 'target-user',
    memberships: [{ tenantId: tenantA.id, role: 'viewer' }],
  })
})
afterAll(() => t.close())

async function actions(): Promise<string[]> {
  const rows = await auditRows(t.deps, (q) => q.orderBy('seq'))
  return rows.map((r) => r.action)
}

describe('who may open the user pages', () => {
  const cases = [
    { as: 'admin', url: '/users', status: 200, contains: 'target-user' },
    { as: 'operator', url: '/users', status: 403 },
    { as: 'viewer', url: '/users', status: 403 },
    { as: 'otherAdmin', url: '/users', status: 200, notContains: 'target-user' },
    { as: 'admin', url: '/users/all', status: 403 },
    { as: 'root', url: '/users/all', status: 200, contains: 'target-user' },
  ] as const
  it.each(cases)('GET $url as $as → $status', async (c) => {
    const res = await as[c.as].get(c.url)
    expect(res.status).toBe(c.status)
    const text = visibleText(await res.text())
    if ('contains' in c) expect(text).toContain(c.contains)
    if ('notContains' in c) expect(text).not.toContain(c.notContains)
  })

  it('answers 404 for a user of another tenant', async () => {
    expect((await as.otherAdmin.get(`/users/${target.id}`)).status).toBe(404)
    expect((await as.otherAdmin.post(`/users/${target.id}/disable`)).status).toBe(404)
    expect((await as.otherAdmin.post(`/users/${target.id}/reset-password`)).status).toBe(404)
  })

  it('refuses a viewer who forges a role change', async () => {
    const res = await as.viewer.post(`/users/${target.id}/role`, { role: 'admin' })
    expect(res.status).toBe(403)
  })

  it('shows a super admin the users of the active tenant (they act as admin everywhere)', async () => {
    const res = await as.root.get('/users')
    expect(res.status).toBe(200)
    expect(visibleText(await res.text())).toContain('target-user')
  })

  it('redirects a super admin without any tenant to the list of all users', async () => {
    const empty = await createFullTestApp()
    try {
      const res = await (await loginAs(empty, 'super_admin')).get('/users')
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe('/users/all')
    } finally {
      await empty.close()
    }
  })
})

describe('creating a user', () => {
  it('shows the one-time password once, uncached, and the user must change it at first login', async () => {
    const res = await as.admin.post('/users', {
      username: 'newbie',
      displayName: 'New Bie',
      role: 'operator',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const html = await res.text()
    const password =
      html.match(/id="one-time-password"[^>]*value="([^"]+)"/)?.[1] ??
      html.match(/value="([^"]+)"[^>]*id="one-time-password"/)?.[1]
    expect(password).toMatch(/^[\w]{4}(-\w{4}){3}$/)
    const row = await t.deps.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'newbie')
      .executeTakeFirstOrThrow()
    expect(row.must_change_password).toBe(1)
    expect(row.password_hash).not.toContain(password)
    const login = await signIn(t.agent(), 'newbie', password ?? '')
    expect(login.status).toBe(303)
    const audit = await auditRow(t.deps, (q) => q.where('action', '=', 'user.create'))
    expect(audit.details_json).not.toContain(password)
    expect(audit).toMatchObject({
      tenant_id: tenantA.id,
      target_label: 'newbie',
      actor_id: as.admin.userId,
    })
  })

  it.each([
    [
      'a taken user name',
      { username: 'TARGET-USER', role: 'viewer' },
      'This user name is not available for a new account.',
    ],
    ['a bad user name', { username: '-x', role: 'viewer' }, 'starting with a letter or digit'],
    ['a bad role', { username: 'okname', role: 'root' }, 'Choose admin, operator or viewer.'],
  ])('re-renders the form with 422 for %s', async (_case, form, message) => {
    const res = await as.admin.post('/users', form)
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(message)
  })
})

describe('managing a user', () => {
  it('changes the role, disables, enables, resets the password and removes, auditing each', async () => {
    const u = await makeUser(t.deps, {
      username: 'managed',
      memberships: [{ tenantId: tenantA.id, role: 'viewer' }],
    })
    const before = (await actions()).length
    expect((await as.admin.post(`/users/${u.id}/role`, { role: 'operator' })).status).toBe(303)
    expect((await as.admin.post(`/users/${u.id}/disable`)).status).toBe(303)
    expect((await as.admin.post(`/users/${u.id}/enable`)).status).toBe(303)
    const reset = await as.admin.post(`/users/${u.id}/reset-password`)
    expect(reset.status).toBe(200)
    expect(visibleText(await reset.text())).toContain('All of their sessions were signed out.')
    expect((await as.admin.post(`/users/${u.id}/remove`)).status).toBe(303)
    expect((await actions()).slice(before)).toEqual([
      'user.role_change',
      'user.disable',
      'user.enable',
      'user.password_reset',
      'user.remove',
    ])
    expect((await as.admin.get(`/users/${u.id}`)).status).toBe(404)
  })

  it('signs a user out when their password is reset', async () => {
    const u = await makeUser(t.deps, {
      username: 'signed-in',
      memberships: [{ tenantId: tenantA.id, role: 'viewer' }],
    })
    const browser = t.agent()
    expect((await signIn(browser, 'signed-in', 'correct horse battery staple')).status).toBe(303)
    expect((await browser.get('/account')).status).toBe(200)
    await as.admin.post(`/users/${u.id}/reset-password`)
    const after = await browser.get('/account')
    expect(after.status).toBe(302)
  })

  it("refuses a tenant admin's account change for a user who also belongs to another tenant", async () => {
    const shared = await makeUser(t.deps, {
      username: 'shared',
      memberships: [
        { tenantId: tenantA.id, role: 'viewer' },
        { tenantId: tenantB.id, role: 'viewer' },
      ],
    })
    const page = visibleText(await (await as.admin.get(`/users/${shared.id}`)).text())
    expect(page).toContain('also belongs to other tenants')
    expect(page).not.toContain('Reset password')
    expect((await as.admin.post(`/users/${shared.id}/disable`)).status).toBe(403)
    expect((await as.admin.post(`/users/${shared.id}/reset-password`)).status).toBe(403)
    expect((await as.admin.post(`/users/${shared.id}/role`, { role: 'operator' })).status).toBe(303)
    const refused = await auditRows(t.deps, (q) =>
      q.where('outcome', '=', 'failure').where('target_id', '=', shared.id).orderBy('seq'),
    )
    expect(refused.map((r) => [r.action, JSON.parse(r.details_json).reason, r.actor_id])).toEqual([
      ['user.disable', 'account_shared', as.admin.userId],
      ['user.password_reset', 'account_shared', as.admin.userId],
    ])
  })

  it('refuses changes to your own account', async () => {
    expect((await as.admin.post(`/users/${as.admin.userId}/role`, { role: 'viewer' })).status).toBe(
      403,
    )
    expect((await as.admin.post(`/users/${as.admin.userId}/disable`)).status).toBe(403)
    expect((await as.admin.post(`/users/${as.admin.userId}/remove`)).status).toBe(403)
    const page = visibleText(await (await as.admin.get(`/users/${as.admin.userId}`)).text())
    expect(page).toContain('This is your own account.')
  })
})
