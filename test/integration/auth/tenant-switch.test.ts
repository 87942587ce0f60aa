import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_TTL_MS } from '../../../src/auth/access-token.ts'
import { visibleText } from '../../support/html.ts'
import { makeTenant, makeUser, startSessionFor } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

describe('POST /session/tenant', () => {
  it('switches to another membership, keeps it across a refresh, and audits', async () => {
    const a = await makeTenant(t.deps, 'Alpha Corp')
    const b = await makeTenant(t.deps, 'Beta Ltd')
    const user = await makeUser(t.deps, {
      memberships: [
        { tenantId: a.id, role: 'admin' },
        { tenantId: b.id, role: 'viewer' },
      ],
    })
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    expect(visibleText(await (await agent.get('/')).text())).toContain('Tenant: Alpha Corp')
    const res = await agent.post('/session/tenant', { tenantId: b.id, returnTo: '/account' })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account')
    const page = visibleText(await (await agent.get('/')).text())
    expect(page).toContain('Tenant: Beta Ltd')
    expect(page).toContain('Switched to Beta Ltd.')
    t.deps.clock.advance(ACCESS_TOKEN_TTL_MS + 1)
    expect(visibleText(await (await agent.get('/')).text())).toContain('Tenant: Beta Ltd')
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'tenant_id', 'target_id'])
      .execute()
    expect(audit).toContainEqual({ action: 'auth.tenant_switch', tenant_id: b.id, target_id: b.id })
  })

  it('answers 404 for a tenant the user is not a member of', async () => {
    const a = await makeTenant(t.deps)
    const other = await makeTenant(t.deps)
    const user = await makeUser(t.deps, { memberships: [{ tenantId: a.id, role: 'admin' }] })
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    const res = await agent.post('/session/tenant', { tenantId: other.id })
    expect(res.status).toBe(404)
    expect(visibleText(await (await agent.get('/')).text())).toContain(`Tenant: ${a.name}`)
  })

  it('lets a super admin enter any tenant', async () => {
    const a = await makeTenant(t.deps, 'Aardvark')
    const z = await makeTenant(t.deps, 'Zebra')
    const admin = await makeUser(t.deps, { superAdmin: true })
    const agent = t.agent()
    await startSessionFor(t, agent, admin.id)
    expect(visibleText(await (await agent.get('/')).text())).toContain(`Tenant: ${a.name}`)
    expect((await agent.post('/session/tenant', { tenantId: z.id })).status).toBe(303)
    expect(visibleText(await (await agent.get('/')).text())).toContain('Tenant: Zebra')
  })
})

describe('GET /', () => {
  it('shows next steps to a super admin without tenants', async () => {
    const admin = await makeUser(t.deps, { superAdmin: true })
    const agent = t.agent()
    await startSessionFor(t, agent, admin.id)
    const text = visibleText(await (await agent.get('/')).text())
    expect(text).toContain('No tenants yet')
    expect(text).toContain('Create a tenant')
  })

  it('hides the add-device action from a viewer', async () => {
    const a = await makeTenant(t.deps)
    const user = await makeUser(t.deps, { memberships: [{ tenantId: a.id, role: 'viewer' }] })
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    const html = await (await agent.get('/')).text()
    expect(visibleText(html)).toContain('No devices yet')
    expect(html).not.toContain('href="/devices/new"')
    expect(html).not.toContain('href="/users"')
  })
})
