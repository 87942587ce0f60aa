// Audit entries of tenant switches show a tenant's admins only what belongs to their tenant
// (issue 7: the entry showed the id of the tenant the user came from).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { loginAs, makeTenant, makeUser, startSessionFor } from '../../support/login.ts'

let t: FullTestApp
let from: { id: TenantId; name: string }
let to: { id: TenantId; name: string }

beforeAll(async () => {
  t = await createFullTestApp()
  from = await makeTenant(t.deps, 'Switch Origin')
  to = await makeTenant(t.deps, 'Switch Target')
  const both = await makeUser(t.deps, {
    memberships: [
      { tenantId: from.id, role: 'viewer' },
      { tenantId: to.id, role: 'viewer' },
    ],
  })
  const agent = t.agent()
  await startSessionFor(t, agent, both.id, from.id)
  expect((await agent.post('/session/tenant', { tenantId: to.id, returnTo: '/' })).status).toBe(303)
})
afterAll(() => t.close())

describe('a tenant switch in the audit trail', () => {
  it("shows the target tenant's admins the switch, but not the tenant the user came from", async () => {
    const admin = await loginAs(t, 'admin', to.id)
    const page = await (await admin.get('/audit?action=auth.tenant_switch')).text()
    expect(page).toContain('auth.tenant_switch')
    const csv = await (await admin.get('/audit/export.csv')).text()
    expect(csv).toContain('auth.tenant_switch')
    const api = await (await admin.get('/api/v1/audit')).text()
    expect(api).toContain('auth.tenant_switch')
    for (const [where, body] of [
      ['page', page],
      ['csv', csv],
      ['api', api],
    ]) {
      expect(body, where).not.toContain(from.id)
      expect(body, where).not.toContain(from.name)
    }
  })

  it("does not find the entry by searching for the other tenant's id", async () => {
    const admin = await loginAs(t, 'admin', to.id)
    const res = await admin.get(`/api/v1/audit?q=${from.id}`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { entries: unknown[] }).entries).toEqual([])
  })

  it('still shows a super admin where the user came from', async () => {
    const root = await loginAs(t, 'super_admin')
    // details are sealed (issue 19): found by action, not by a search inside the details
    const res = await root.get(`/api/v1/audit?action=auth.tenant_switch`)
    const all = (await res.json()) as { entries: { details: string; tenantId: string }[] }
    const entries = all.entries.filter((e) => e.tenantId === to.id)
    expect(entries).toHaveLength(1)
    expect(JSON.parse(entries[0]?.details ?? '{}')).toEqual({ from: from.id })
  })
})
