// Art. 15/20: a user downloads everything Outpost keeps about them, as JSON, from the account
// page or the API; nothing secret is in it and nothing of other users.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant, signIn, TEST_PASSWORD } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let tenantId: TenantId
beforeEach(async () => {
  t = await createTestApp()
  tenantId = (await makeTenant(t.deps, 'Acme Networks')).id
})
afterEach(() => t.close())

interface Export {
  account: { username: string; email: string | null }
  memberships: { tenant: string; role: string }[]
  sessions: { ip: string | null }[]
  apiKeys: { name: string; prefix: string }[]
  auditEntries: { action: string }[]
}

describe('personal data export', () => {
  it('has the account, memberships, sessions, API keys and own audit entries, without secrets', async () => {
    const me = await loginAs(t, 'admin', tenantId)
    const other = await loginAs(t, 'viewer', tenantId)
    await other.post('/account/email', { email: 'other@example.net' })
    expect((await me.post('/account/email', { email: 'me@example.net' })).status).toBe(303)
    const created = await me.post('/api-keys', { name: 'ci-robot', role: 'viewer' })
    expect(created.status).toBeLessThan(400)
    expect((await signIn(t.agent(), me.username, 'wrong password')).status).toBe(401)
    const account = visibleText(await (await me.get('/account')).text())
    expect(account).toContain('Download my data')
    const res = await me.get('/account/export')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const raw = await res.text()
    const data = JSON.parse(raw) as Export
    expect(data.account).toMatchObject({ username: me.username, email: 'me@example.net' })
    expect(data.memberships).toEqual([
      expect.objectContaining({ tenant: 'Acme Networks', role: 'admin' }),
    ])
    expect(data.sessions.length).toBeGreaterThan(0)
    expect(data.apiKeys.map((k) => k.name)).toEqual(['ci-robot'])
    const actions = data.auditEntries.map((a) => a.action)
    expect(actions).toContain('auth.email_change')
    expect(actions).toContain('api_key.create')
    // nothing secret, nothing of the other user
    const hashes = await t.deps.db.selectFrom('users').select('password_hash').execute()
    for (const h of hashes) expect(raw).not.toContain(h.password_hash)
    const tokens = await t.deps.db.selectFrom('refresh_tokens').select('token_hash').execute()
    for (const tk of tokens) expect(raw).not.toContain(tk.token_hash)
    expect(raw).not.toContain(TEST_PASSWORD)
    expect(raw).not.toContain('other@example.net')
    expect(raw).not.toContain(other.username)
    // the same through the API
    const api = (await (await me.get('/api/v1/me/export')).json()) as Export
    expect(api.account.username).toBe(me.username)
    expect((await t.agent().get('/account/export')).status).toBeGreaterThanOrEqual(300)
  })
})
