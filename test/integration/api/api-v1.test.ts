// /api/v1 in JSON: tenants (super admin), users and API keys (tenant admin), errors and auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { loginAs, makeTenant, makeUser, signIn } from '../../support/login.ts'
import type { RequestOptions, TestAgent } from '../../support/test-app.ts'

let t: FullTestApp
let tenant: { id: TenantId; name: string }
let root: TestAgent
let admin: TestAgent
let viewer: TestAgent

beforeAll(async () => {
  t = await createFullTestApp()
  tenant = await makeTenant(t.deps, 'Api Tenant')
  root = await loginAs(t, 'super_admin')
  admin = await loginAs(t, 'admin', tenant.id)
  viewer = await loginAs(t, 'viewer', tenant.id)
})
afterAll(() => t.close())

const json = (body: unknown): RequestOptions => ({ json: body })

/** DELETE with a cookie session: no body, so the CSRF token goes in the header. */
async function del(agent: TestAgent, path: string): Promise<Response> {
  return agent.request('DELETE', path, { headers: { 'X-CSRF-Token': await agent.csrfToken() } })
}

async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  expect(res.headers.get('Content-Type') ?? '').toMatch(/^application\/json/)
  return (await res.json()) as T
}

describe('/api/v1/tenants (super admin)', () => {
  it('creates, reads, patches, lists and deletes a tenant', async () => {
    const created = await root.request('POST', '/api/v1/tenants', json({ name: 'Json Co' }))
    expect(created.status).toBe(201)
    const { tenant: x } = await body<{ tenant: { id: string; name: string; isDisabled: boolean } }>(
      created,
    )
    expect(x).toMatchObject({ name: 'Json Co', isDisabled: false })
    const patched = await root.request(
      'PATCH',
      `/api/v1/tenants/${x.id}`,
      json({ name: 'Json Ltd', disabled: true }),
    )
    expect(await body(patched)).toMatchObject({
      tenant: { id: x.id, name: 'Json Ltd', isDisabled: true },
    })
    const list = await body<{ tenants: { name: string }[] }>(await root.get('/api/v1/tenants'))
    expect(list.tenants.map((y) => y.name)).toContain('Json Ltd')
    const refused = await del(root, `/api/v1/tenants/${x.id}?confirm=json%20ltd`)
    expect(refused.status).toBe(422)
    expect((await del(root, `/api/v1/tenants/${x.id}?confirm=Json%20Ltd`)).status).toBe(204)
    expect((await root.get(`/api/v1/tenants/${x.id}`)).status).toBe(404)
  })

  it('manages members', async () => {
    const u = await makeUser(t.deps, { username: 'api-member' })
    const add = await root.request(
      'POST',
      `/api/v1/tenants/${tenant.id}/members`,
      json({ username: 'api-member', role: 'viewer' }),
    )
    expect(add.status).toBe(201)
    const { member } = await body<{ member: { membershipId: string; userId: string } }>(add)
    expect(member.userId).toBe(u.id)
    const patch = await root.request(
      'PATCH',
      `/api/v1/tenants/${tenant.id}/members/${member.membershipId}`,
      json({ role: 'operator' }),
    )
    expect(await body(patch)).toMatchObject({ member: { role: 'operator' } })
    const members = await body<{ members: { username: string }[] }>(
      await root.get(`/api/v1/tenants/${tenant.id}/members`),
    )
    expect(members.members.map((m) => m.username)).toContain('api-member')
    expect(
      (await del(root, `/api/v1/tenants/${tenant.id}/members/${member.membershipId}`)).status,
    ).toBe(204)
  })

  it('refuses a tenant admin with 403 JSON', async () => {
    const res = await admin.get('/api/v1/tenants')
    expect(res.status).toBe(403)
    expect(await body(res)).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
  })
})

describe('/api/v1/users (tenant admin)', () => {
  it('creates a user with a one-time password that signs in and must be changed', async () => {
    const res = await admin.request(
      'POST',
      '/api/v1/users',
      json({ username: 'api-user', role: 'viewer' }),
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const b = await body<{
      user: { userId: string; mustChangePassword: boolean }
      temporaryPassword: string
    }>(res)
    expect(b.user.mustChangePassword).toBe(true)
    const login = await signIn(t.agent(), 'api-user', b.temporaryPassword)
    expect(login.status).toBe(303)
    const patched = await admin.request(
      'PATCH',
      `/api/v1/users/${b.user.userId}`,
      json({ role: 'operator', disabled: true }),
    )
    expect(await body(patched)).toMatchObject({ user: { role: 'operator', isDisabled: true } })
    const reset = await admin.request(
      'POST',
      `/api/v1/users/${b.user.userId}/reset-password`,
      json({}),
    )
    expect((await body<{ temporaryPassword: string }>(reset)).temporaryPassword).not.toBe(
      b.temporaryPassword,
    )
    expect((await del(admin, `/api/v1/users/${b.user.userId}`)).status).toBe(204)
    expect((await admin.get(`/api/v1/users/${b.user.userId}`)).status).toBe(404)
  })

  it.each([
    [{ username: 'a', role: 'viewer' }, 'username', 'Use at least 2 characters.'],
    [{ username: 'valid-name', role: 'owner' }, 'role', 'Choose admin, operator or viewer.'],
    [{ role: 'viewer' }, 'username', 'Enter a user name.'],
  ])('answers 422 with field messages for %j', async (input, field, message) => {
    const res = await admin.request('POST', '/api/v1/users', json(input))
    expect(res.status).toBe(422)
    expect(await body(res)).toEqual({
      error: {
        code: 'validation_failed',
        message: expect.any(String),
        fields: { [field]: message },
      },
    })
  })

  it('answers 422 for a body that is not JSON', async () => {
    const res = await admin.request('POST', '/api/v1/users', {
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await admin.csrfToken() },
      form: undefined,
    })
    expect(res.status).toBe(422)
  })

  it('lists every account with its tenants for a super admin only', async () => {
    const res = await root.get('/api/v1/users/all')
    const { users } = await body<{ users: { username: string; memberships: unknown[] }[] }>(res)
    expect(users.length).toBeGreaterThanOrEqual(3)
    expect(users.every((u) => Array.isArray(u.memberships))).toBe(true)
    expect((await admin.get('/api/v1/users/all')).status).toBe(403)
  })

  it('applies nothing of a PATCH that is partly refused', async () => {
    const other = await makeTenant(t.deps, 'Api Other')
    const shared = await makeUser(t.deps, {
      memberships: [
        { tenantId: tenant.id, role: 'viewer' },
        { tenantId: other.id, role: 'viewer' },
      ],
    })
    const res = await admin.request(
      'PATCH',
      `/api/v1/users/${shared.id}`,
      json({ role: 'operator', disabled: true }),
    )
    expect(res.status).toBe(403)
    expect(await body(res)).toMatchObject({ error: { code: 'account_shared' } })
    const after = await body(await admin.get(`/api/v1/users/${shared.id}`))
    expect(after).toMatchObject({ user: { role: 'viewer', isDisabled: false } })
  })

  it('refuses a viewer with 403 and an anonymous caller with 401', async () => {
    expect((await viewer.get('/api/v1/users')).status).toBe(403)
    const anon = await t.agent().get('/api/v1/users')
    expect(anon.status).toBe(401)
    expect(await body(anon)).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    })
  })

  it('refuses a cookie session without the CSRF header', async () => {
    const res = await admin.request('POST', '/api/v1/users', {
      json: { username: 'csrf-less', role: 'viewer' },
      csrf: false,
    })
    expect(res.status).toBe(403)
  })
})

describe('/api/v1/api-keys and bearer calls', () => {
  it('creates a key that authenticates, cannot manage users or keys, and can be revoked', async () => {
    const res = await admin.request(
      'POST',
      '/api/v1/api-keys',
      json({ name: 'automation', role: 'operator' }),
    )
    expect(res.status).toBe(201)
    const { apiKey, token } = await body<{ apiKey: { id: string; prefix: string }; token: string }>(
      res,
    )
    expect(token.startsWith(apiKey.prefix)).toBe(true)
    const auth = { headers: { Authorization: `Bearer ${token}` } }
    const me = await body(await t.agent().get('/api/v1/me', auth))
    expect(me).toMatchObject({
      kind: 'api_key',
      role: 'operator',
      isSuperAdmin: false,
      tenant: { id: tenant.id },
    })
    expect((await t.agent().get('/api/v1/users', auth)).status).toBe(403)
    const mint = await t.agent().request('POST', '/api/v1/api-keys', {
      ...auth,
      json: { name: 'x', role: 'viewer' },
      csrf: false,
    })
    expect(mint.status).toBe(403)
    expect((await t.agent().get('/api/v1/tenants', auth)).status).toBe(403)
    const list = await body<{ apiKeys: { id: string }[] }>(await admin.get('/api/v1/api-keys'))
    expect(list.apiKeys.map((k) => k.id)).toContain(apiKey.id)
    expect(JSON.stringify(list)).not.toContain(token)
    const revoked = await del(admin, `/api/v1/api-keys/${apiKey.id}`)
    expect(await body(revoked)).toMatchObject({
      apiKey: { id: apiKey.id, revokedAt: expect.any(Number) },
    })
    expect((await t.agent().get('/api/v1/me', auth)).status).toBe(401)
  })

  it('answers JSON 404 for unknown API paths', async () => {
    const res = await admin.get('/api/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(await body(res)).toEqual({ error: { code: 'not_found', message: 'Not found.' } })
  })
})
