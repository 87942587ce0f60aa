// The setup wizard's guards (issue 9): the steps acting in a tenant use requireTenantRole after
// requireSuperAdmin, so their handlers read the typed scope; the behaviour must stay as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

describe('setup wizard guards', () => {
  it('sends a super admin without a tenant to the tenant step, and refuses the device step', async () => {
    const sa = await loginAs(t, 'super_admin')
    const res = await sa.get('/setup')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/setup/tenant')
    const device = await sa.get('/setup/device')
    expect(device.status).toBe(403)
    expect(visibleText(await device.text())).toContain('Select a tenant first')
  })

  it('shows the device step of the active tenant to a super admin', async () => {
    const tenant = await makeTenant(t.deps, 'Acme Wireless')
    const sa = await loginAs(t, 'super_admin', tenant.id)
    const res = await sa.get('/setup')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toMatch(/^\/setup\/(device|backups)$/)
    const device = await sa.get('/setup/device')
    expect(device.status).toBe(200)
    expect(visibleText(await device.text())).toContain('Add a router of Acme Wireless')
    const tenantStep = visibleText(await (await sa.get('/setup/tenant')).text())
    expect(tenantStep).toContain('Acme Wireless')
  })

  it('refuses a tenant admin who is not a super admin', async () => {
    const tenant = await makeTenant(t.deps)
    const admin = await loginAs(t, 'admin', tenant.id)
    expect((await admin.get('/setup/device')).status).toBe(403)
    expect((await admin.get('/setup')).status).toBe(403)
  })
})
