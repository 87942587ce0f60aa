// API key pages and bearer authentication through app.request().
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'

let t: FullTestApp
let tenantA: { id: TenantId; name: string }
let tenantB: { id: TenantId; name: string }
let admin: TestAgent
let otherAdmin: TestAgent
let operator: TestAgent

beforeAll(async () => {
  t = await createFullTestApp()
  tenantA = await makeTenant(t.deps, 'Keys Alpha')
  tenantB = await makeTenant(t.deps, 'Keys Beta')
  admin = await loginAs(t, 'admin', tenantA.id)
  otherAdmin = await loginAs(t, 'admin', tenantB.id)
  operator = await loginAs(t, 'operator', tenantA.id)
})
afterAll(() => t.close())

async function createKey(name: string, role = 'operator'): Promise<{ token: string; id: string }> {
  const res = await admin.post('/api-keys', { name, role })
  expect(res.status).toBe(200)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  const html = await res.text()
  const token = html.match(/opk_[0-9A-Za-z]{32}/)?.[0] ?? ''
  const row = await t.deps.unscoped
    .selectFrom('api_keys')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return { token, id: row.id }
}

function bearer(token: string) {
  return { headers: { Authorization: `Bearer ${token}` } }
}

describe('API key pages', () => {
  it('shows an empty state, then the new key once, storing only its SHA-256 hash', async () => {
    const fresh = await loginAs(t, 'admin', (await makeTenant(t.deps, 'Empty Keys')).id)
    expect(visibleText(await (await fresh.get('/api-keys')).text())).toContain('No API keys yet')
    const { token, id } = await createKey('ci script')
    expect(token).toMatch(/^opk_/)
    const row = await t.deps.unscoped
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id as never)
      .executeTakeFirstOrThrow()
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(token)
    const list = await (await admin.get('/api-keys')).text()
    expect(list).toContain('ci script')
    expect(list).toContain(row.prefix)
    expect(list).not.toContain(token)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'api_key.create')
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(audit)).not.toContain(token)
  })

  it.each([
    ['an admin role', { name: 'x', role: 'admin' }, 'Choose operator or viewer.'],
    ['an empty name', { name: '', role: 'viewer' }, 'Enter a name.'],
  ])('re-renders with 422 for %s', async (_case, form, message) => {
    const res = await admin.post('/api-keys', form)
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(message)
  })

  it('is closed to operators and to other tenants', async () => {
    const { id } = await createKey('private')
    expect((await operator.get('/api-keys')).status).toBe(403)
    expect((await operator.post(`/api-keys/${id}/revoke`)).status).toBe(403)
    expect((await otherAdmin.post(`/api-keys/${id}/revoke`)).status).toBe(404)
    expect(await (await otherAdmin.get('/api-keys')).text()).not.toContain('private')
  })
})

describe('a super admin before any tenant exists', () => {
  it('is sent to the tenant list instead of a dead end', async () => {
    const empty = await createFullTestApp()
    try {
      const res = await (await loginAs(empty, 'super_admin')).get('/api-keys')
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe('/tenants')
    } finally {
      await empty.close()
    }
  })
})

describe('bearer authentication', () => {
  it('accepts a key on /api/v1 with its tenant and role, and records last use at most once a minute', async () => {
    const { token, id } = await createKey('reader', 'viewer')
    const res = await t.agent().get('/api/v1/me', bearer(token))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      kind: 'api_key',
      role: 'viewer',
      tenant: { id: tenantA.id, name: 'Keys Alpha' },
    })
    const lastUsed = async () =>
      (
        await t.deps.unscoped
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('id', '=', id as never)
          .executeTakeFirstOrThrow()
      ).last_used_at
    const first = await lastUsed()
    expect(first).toBe(t.deps.clock.now())
    t.deps.clock.advance(30_000)
    await t.agent().get('/api/v1/me', bearer(token))
    expect(await lastUsed()).toBe(first)
    t.deps.clock.advance(31_000)
    await t.agent().get('/api/v1/me', bearer(token))
    expect(await lastUsed()).toBe(t.deps.clock.now())
  })

  it('is not accepted outside /api', async () => {
    const { token } = await createKey('no-ui')
    const res = await t.agent().get('/api-keys', bearer(token))
    expect(res.status).toBe(302)
  })

  it('stops working once revoked or once its tenant is disabled', async () => {
    const { token, id } = await createKey('short-lived')
    expect((await t.agent().get('/api/v1/me', bearer(token))).status).toBe(200)
    expect((await admin.post(`/api-keys/${id}/revoke`)).status).toBe(303)
    expect((await t.agent().get('/api/v1/me', bearer(token))).status).toBe(401)
    const other = await createKey('tenant-off')
    await t.deps.db
      .updateTable('tenants')
      .set({ is_disabled: 1 })
      .where('id', '=', tenantA.id)
      .execute()
    try {
      expect((await t.agent().get('/api/v1/me', bearer(other.token))).status).toBe(401)
    } finally {
      await t.deps.db
        .updateTable('tenants')
        .set({ is_disabled: 0 })
        .where('id', '=', tenantA.id)
        .execute()
    }
  })

  it.each(['opk_', 'opk_' + 'A'.repeat(32), 'Basic abc', ''])(
    'refuses the token %j with 401 JSON',
    async (token) => {
      const res = await t.agent().get('/api/v1/me', bearer(token))
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({
        error: { code: 'unauthorized', message: expect.any(String) },
      })
    },
  )
})
