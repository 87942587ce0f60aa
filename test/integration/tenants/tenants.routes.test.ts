// Tenant pages through app.request(): who may use them, forms, confirmation, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant, makeUser } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'

let t: FullTestApp
let root: TestAgent
let tenantAdmin: TestAgent
let tenant: { id: string; name: string }

beforeAll(async () => {
  t = await createFullTestApp()
  tenant = await makeTenant(t.deps, 'Existing Co')
  root = await loginAs(t, 'super_admin')
  tenantAdmin = await loginAs(t, 'admin', tenant.id as never)
})
afterAll(() => t.close())

async function lastAudit() {
  return t.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
}

describe('GET /tenants', () => {
  it('lists tenants for a super admin', async () => {
    const res = await root.get('/tenants')
    expect(res.status).toBe(200)
    expect(visibleText(await res.text())).toContain('Existing Co')
  })

  it('refuses a tenant admin with 403', async () => {
    expect((await tenantAdmin.get('/tenants')).status).toBe(403)
  })

  it('sends an anonymous visitor to the login page', async () => {
    const res = await t.agent().get('/tenants')
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toMatch(/^\/login/)
  })
})

describe('POST /tenants', () => {
  it('creates a tenant, audits it and redirects to its page', async () => {
    const res = await root.post('/tenants', { name: 'Fresh Fields' })
    expect(res.status).toBe(303)
    const location = res.headers.get('Location') ?? ''
    expect(location).toMatch(/^\/tenants\/[0-9A-Z]{26}$/)
    const page = await root.get(location)
    expect(visibleText(await page.text())).toContain('Fresh Fields')
    expect(await lastAudit()).toMatchObject({
      action: 'tenant.create',
      target_label: 'Fresh Fields',
      outcome: 'success',
    })
  })

  it.each([
    ['an empty name', '', 'Enter a name.'],
    ['a taken name', 'existing co', 'A tenant with this name already exists.'],
    ['a long name', 'x'.repeat(81), 'Use at most 80 characters.'],
  ])('re-renders the form with 422 for %s', async (_case, name, message) => {
    const res = await root.post('/tenants', { name })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(message)
  })

  it('refuses a form without the CSRF token', async () => {
    const res = await root.post('/tenants', { name: 'Forged' }, { csrf: false })
    expect(res.status).toBe(403)
  })
})

describe('tenant page actions', () => {
  it('renames, disables and enables', async () => {
    const x = await makeTenant(t.deps, 'Rename Me')
    expect((await root.post(`/tenants/${x.id}/rename`, { name: 'Renamed' })).status).toBe(303)
    expect((await root.post(`/tenants/${x.id}/disable`)).status).toBe(303)
    const page = visibleText(await (await root.get(`/tenants/${x.id}`)).text())
    expect(page).toContain('Renamed')
    expect(page).toContain('disabled')
    expect((await root.post(`/tenants/${x.id}/enable`)).status).toBe(303)
    expect(await lastAudit()).toMatchObject({ action: 'tenant.enable', tenant_id: x.id })
  })

  it("locks a disabled tenant's members out until it is enabled again", async () => {
    const x = await makeTenant(t.deps, 'Paused Co')
    const member = await loginAs(t, 'admin', x.id as never)
    expect((await member.get('/users')).status).toBe(200)
    expect((await root.post(`/tenants/${x.id}/disable`)).status).toBe(303)
    expect((await member.get('/users')).status).toBe(403)
    expect((await root.post(`/tenants/${x.id}/enable`)).status).toBe(303)
    expect((await member.get('/users')).status).toBe(200)
  })

  it('deletes only after the name is typed again', async () => {
    const x = await makeTenant(t.deps, 'Delete Me')
    const wrong = await root.post(`/tenants/${x.id}/delete`, { confirm: 'delete me' })
    expect(wrong.status).toBe(422)
    expect(visibleText(await wrong.text())).toContain('Type the tenant name "Delete Me" exactly')
    const ok = await root.post(`/tenants/${x.id}/delete`, { confirm: 'Delete Me' })
    expect(ok.status).toBe(303)
    expect((await root.get(`/tenants/${x.id}`)).status).toBe(404)
  })

  it('adds a member, changes the role and removes them', async () => {
    const x = await makeTenant(t.deps, 'Members Inc')
    const u = await makeUser(t.deps, { username: 'dora' })
    expect(
      (await root.post(`/tenants/${x.id}/members`, { username: 'dora', role: 'viewer' })).status,
    ).toBe(303)
    const row = await t.deps.unscoped
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', u.id)
      .executeTakeFirstOrThrow()
    expect(
      (await root.post(`/tenants/${x.id}/members/${row.id}/role`, { role: 'admin' })).status,
    ).toBe(303)
    expect(visibleText(await (await root.get(`/tenants/${x.id}`)).text())).toContain('dora')
    expect((await root.post(`/tenants/${x.id}/members/${row.id}/remove`)).status).toBe(303)
    const left = await t.deps.unscoped
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', u.id)
      .execute()
    expect(left).toEqual([])
  })

  it('answers 422 with a message for an unknown user name', async () => {
    const res = await root.post(`/tenants/${tenant.id}/members`, {
      username: 'ghost',
      role: 'viewer',
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('No user with this name.')
  })

  it('answers 404 for an unknown tenant id', async () => {
    expect((await root.get('/tenants/01JD0000000000000000000000')).status).toBe(404)
    expect((await root.post('/tenants/nope/rename', { name: 'x' })).status).toBe(404)
  })
})
