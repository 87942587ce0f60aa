import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiKey } from '../../../src/api-keys/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { makeTenant, makeUser } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let token: string
beforeEach(async () => {
  t = await createTestApp()
  const tenant = await makeTenant(t.deps)
  const admin = await makeUser(t.deps, { superAdmin: true })
  const actor = {
    kind: 'user' as const,
    id: admin.id,
    name: admin.username,
    userId: admin.id,
    isSuperAdmin: true,
    ip: null,
  }
  const created = await createApiKey(t.deps, actor, forTenant(t.deps.kysely, tenant.id), {
    name: 'ci',
    role: 'viewer',
  })
  token = created.token
})
afterEach(() => t.close())

const bearer = () => ({ Authorization: `Bearer ${token}` })

describe('API keys in the session middleware', () => {
  it('authenticate /api requests', async () => {
    const res = await t.agent().get('/api/v1/me', { headers: bearer() })
    expect(res.status).toBe(200)
  })

  it('never open the browser UI', async () => {
    const res = await t.agent().get('/account', { headers: bearer() })
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/login?next=%2Faccount')
  })

  it('need no CSRF token (no ambient credentials), while a wrong key is 401 JSON', async () => {
    const ok = await t.agent().request('POST', '/api/v1/tenants', {
      json: { name: 'x' },
      csrf: false,
      origin: false,
      headers: bearer(),
    })
    expect(ok.status).toBe(403) // authenticated as a viewer key: refused by role, not by CSRF
    expect(await ok.json()).toMatchObject({ error: { message: 'You are not allowed to do this.' } })
    const bad = await t
      .agent()
      .get('/api/v1/me', { headers: { Authorization: 'Bearer opk_not-a-real-key' } })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })
})
