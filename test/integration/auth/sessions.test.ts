import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_TTL_MS } from '../../../src/auth/access-token.ts'
import { REFRESH_TOKEN_TTL_MS } from '../../../src/auth/refresh-token.ts'
import { REUSE_GRACE_MS } from '../../../src/auth/refresh-session.ts'
import type { UserId } from '../../../src/lib/ids.ts'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../../src/http/session-cookies.ts'
import { makeUser, signIn, TEST_PASSWORD } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

async function signedIn(): Promise<{ agent: TestAgent; userId: UserId }> {
  const user = await makeUser(t.deps)
  const agent = t.agent()
  expect((await signIn(agent, user.username, TEST_PASSWORD)).status).toBe(303)
  return { agent, userId: user.id }
}

function tokens(userId: UserId) {
  return t.deps.db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

function copyOf(agent: TestAgent): TestAgent {
  const other = t.agent()
  for (const [k, v] of agent.cookies) other.cookies.set(k, v)
  return other
}

describe('transparent refresh', () => {
  it('rotates both tokens on the first request after the access token expired', async () => {
    const { agent, userId } = await signedIn()
    const before = {
      access: agent.cookies.get(ACCESS_COOKIE),
      refresh: agent.cookies.get(REFRESH_COOKIE),
    }
    t.deps.clock.advance(ACCESS_TOKEN_TTL_MS + 1000)
    const res = await agent.get('/')
    expect(res.status).toBe(200)
    expect(agent.cookies.get(ACCESS_COOKIE)).not.toBe(before.access)
    expect(agent.cookies.get(REFRESH_COOKIE)).not.toBe(before.refresh)
    const rows = await tokens(userId)
    expect(rows).toHaveLength(2)
    expect(rows[0]?.used_at).not.toBeNull()
    expect(rows[1]?.used_at).toBeNull()
    expect(rows[0]?.family_id).toBe(rows[1]?.family_id)
  })

  it('keeps the session across many refreshes without the browser noticing', async () => {
    const { agent } = await signedIn()
    for (let i = 0; i < 3; i++) {
      t.deps.clock.advance(ACCESS_TOKEN_TTL_MS + 1)
      expect((await agent.get('/account')).status).toBe(200)
    }
  })

  it('stores refresh tokens only as sha256 hashes', async () => {
    const { agent, userId } = await signedIn()
    const raw = agent.cookies.get(REFRESH_COOKIE) ?? ''
    const rows = await tokens(userId)
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(rows)).not.toContain(raw)
  })

  it('signs out once the refresh token is older than 7 days', async () => {
    const { agent } = await signedIn()
    t.deps.clock.advance(REFRESH_TOKEN_TTL_MS + 1000)
    const res = await agent.get('/')
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/login')
    expect(agent.cookies.has(REFRESH_COOKIE)).toBe(false)
  })
})

describe('refresh token reuse', () => {
  it('revokes the whole family when a rotated token is presented again', async () => {
    const { agent, userId } = await signedIn()
    const thief = copyOf(agent)
    t.deps.clock.advance(ACCESS_TOKEN_TTL_MS + 1000)
    expect((await agent.get('/')).status).toBe(200) // legitimate rotation
    t.deps.clock.advance(REUSE_GRACE_MS + 1000)
    const replay = await thief.get('/')
    expect(replay.status).toBe(302)
    const rows = await tokens(userId)
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true)
    // the legitimate browser is signed out too: its access token belongs to the revoked family
    expect((await agent.get('/')).status).toBe(302)
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'outcome']).execute()
    expect(audit).toContainEqual({ action: 'auth.refresh_reuse', outcome: 'failure' })
  })

  it('tolerates parallel requests with the same token inside the grace window', async () => {
    const { agent, userId } = await signedIn()
    const twin = copyOf(agent)
    t.deps.clock.advance(ACCESS_TOKEN_TTL_MS + 1000)
    expect((await agent.get('/')).status).toBe(200)
    expect((await twin.get('/')).status).toBe(200)
    const rows = await tokens(userId)
    expect(rows.some((r) => r.revoked_at !== null)).toBe(false)
  })
})

describe('password change', () => {
  it('revokes every refresh token of the user and keeps this browser signed in', async () => {
    const user = await makeUser(t.deps)
    const laptop = t.agent()
    const phone = t.agent()
    await signIn(laptop, user.username, TEST_PASSWORD)
    await signIn(phone, user.username, TEST_PASSWORD)
    const res = await laptop.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new long passphrase',
      confirmPassword: 'a brand new long passphrase',
    })
    expect(res.status).toBe(303)
    expect((await phone.get('/')).status).toBe(302)
    expect((await laptop.get('/')).status).toBe(200)
    const live = (await tokens(user.id)).filter((r) => r.revoked_at === null)
    expect(live).toHaveLength(1)
    const relogin = await signIn(t.agent(), user.username, 'a brand new long passphrase')
    expect(relogin.status).toBe(303)
  })

  it('refuses a wrong current password with 422 and a field message', async () => {
    const { agent } = await signedIn()
    const res = await agent.post('/account/password', {
      currentPassword: 'wrong wrong wrong',
      newPassword: 'a brand new long passphrase',
      confirmPassword: 'a brand new long passphrase',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('This is not your current password.')
  })

  it('refuses mismatched and short new passwords with 422', async () => {
    const { agent } = await signedIn()
    const res = await agent.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
      confirmPassword: 'other',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Use at least 12 characters.')
    expect(html).toContain('The two new passwords do not match.')
  })
})

describe('forced password change', () => {
  it('redirects every page to the password form until the password is changed', async () => {
    const user = await makeUser(t.deps, { mustChangePassword: true })
    const agent = t.agent()
    const login = await signIn(agent, user.username, TEST_PASSWORD)
    expect(login.headers.get('Location')).toBe('/account/password')
    for (const path of ['/', '/account', '/tenants']) {
      const res = await agent.get(path)
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe('/account/password')
    }
    const htmx = await agent.get('/account', { htmx: true })
    expect(htmx.headers.get('HX-Redirect')).toBe('/account/password')
    const form = await agent.get('/account/password')
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('Choose a new password')
    const change = await agent.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'my own long passphrase',
      confirmPassword: 'my own long passphrase',
    })
    expect(change.status).toBe(303)
    expect((await agent.get('/')).status).toBe(200)
    const row = await t.deps.db
      .selectFrom('users')
      .select('must_change_password')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(row.must_change_password).toBe(0)
  })
})
