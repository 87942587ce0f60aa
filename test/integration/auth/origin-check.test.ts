// Same-host Origin for every state-changing request that uses the session cookie, whatever its
// content type (issue 7: JSON with a foreign or `null` Origin got through with a right token).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { loginAs, makeTenant } from '../../support/login.ts'

let t: FullTestApp
beforeEach(async () => {
  t = await createFullTestApp()
})
afterEach(() => t.close())

async function userExists(username: string): Promise<boolean> {
  const row = await t.deps.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst()
  return row !== undefined
}

describe('Origin on cookie-authenticated writes', () => {
  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a null Origin', { origin: 'null' }],
    ['a look-alike host', { origin: 'http://localhost.evil.example' }],
    [
      'no Origin and a cross-site fetch',
      { origin: false as const, headers: { 'Sec-Fetch-Site': 'cross-site' } },
    ],
    ['no Origin and no fetch metadata', { origin: false as const }],
  ])(
    'refuses JSON with %s even with the right CSRF token, and changes nothing',
    async (_case, opts) => {
      const admin = await loginAs(t, 'admin', (await makeTenant(t.deps)).id)
      const username = `forged${Math.random().toString(36).slice(2, 8)}`
      const res = await admin.request('POST', '/api/v1/users', {
        ...opts,
        json: { username, role: 'admin' },
      })
      expect(res.status).toBe(403)
      expect(await userExists(username)).toBe(false)
    },
  )

  it('refuses other content types too (text/plain, JSON on a page route)', async () => {
    const admin = await loginAs(t, 'admin', (await makeTenant(t.deps)).id)
    const token = await admin.csrfToken()
    const plain = await admin.request('POST', '/api/v1/users', {
      origin: 'null',
      headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': token },
    })
    expect(plain.status).toBe(403)
    const logout = await admin.request('POST', '/logout', {
      origin: 'http://evil.example',
      json: {},
    })
    expect(logout.status).toBe(403)
    expect((await admin.get('/account')).status).toBe(200)
  })

  it('accepts the same host, or no Origin from a same-origin fetch', async () => {
    const admin = await loginAs(t, 'admin', (await makeTenant(t.deps)).id)
    const ok = await admin.request('POST', '/api/v1/users', {
      json: { username: 'sameorigin1', role: 'viewer' },
    })
    expect(ok.status).toBe(201)
    const fetchMeta = await admin.request('POST', '/api/v1/users', {
      origin: false,
      headers: { 'Sec-Fetch-Site': 'same-origin' },
      json: { username: 'sameorigin2', role: 'viewer' },
    })
    expect(fetchMeta.status).toBe(201)
  })

  it('does not apply to API keys, which carry no cookies', async () => {
    const tenant = await makeTenant(t.deps)
    const admin = await loginAs(t, 'admin', tenant.id)
    const page = await (await admin.post('/api-keys', { name: 'bot', role: 'viewer' })).text()
    const token = page.match(/opk_[0-9A-Za-z]{32}/)?.[0] ?? ''
    const res = await t.agent().request('POST', '/api/v1/devices', {
      origin: 'null',
      csrf: false,
      headers: { Authorization: `Bearer ${token}` },
      json: {},
    })
    // a viewer key is refused by its role, not by the Origin check
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain('did not come from an Outpost page')
  })
})
