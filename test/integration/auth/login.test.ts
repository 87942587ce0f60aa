import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../../src/http/session-cookies.ts'
import { visibleText } from '../../support/html.ts'
import { makeUser, signIn, TEST_PASSWORD } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

async function auditActions() {
  const rows = await t.deps.db
    .selectFrom('audit_log')
    .select(['action', 'outcome', 'actor_name', 'ip'])
    .orderBy('seq')
    .execute()
  return rows
}

describe('GET /login', () => {
  it('renders the sign-in form with a CSRF field', async () => {
    const res = await t.agent().get('/login')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('name="_csrf"')
    expect(visibleText(html)).toContain('Sign in')
  })
})

describe('POST /login', () => {
  it('signs in, sets httpOnly SameSite=Strict cookies and audits the success', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent('192.0.2.10')
    const res = await signIn(agent, user.username, TEST_PASSWORD)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/')
    const cookies = res.headers.getSetCookie()
    for (const name of [ACCESS_COOKIE, REFRESH_COOKIE]) {
      const line = cookies.find((l) => l.startsWith(`${name}=`))
      expect(line).toMatch(/HttpOnly/)
      expect(line).toMatch(/SameSite=Strict/)
      expect(line).not.toMatch(/Secure/)
    }
    const page = await agent.get('/')
    expect(page.status).toBe(200)
    expect(visibleText(await page.text())).toContain(user.username)
    expect(await auditActions()).toContainEqual({
      action: 'auth.login',
      outcome: 'success',
      actor_name: user.username,
      ip: '192.0.2.10',
    })
  })

  it('answers a wrong password and an unknown user with the same message and status', async () => {
    const user = await makeUser(t.deps)
    const wrong = await signIn(t.agent(), user.username, 'not the password')
    const unknown = await signIn(t.agent(), 'nobody-here', 'not the password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const a = visibleText(await wrong.text()).replace(user.username, 'X')
    const b = visibleText(await unknown.text()).replace('nobody-here', 'X')
    expect(a).toBe(b)
    expect(a).toContain('Incorrect user name or password.')
    const failures = (await auditActions()).filter(
      (r) => r.action === 'auth.login' && r.outcome === 'failure',
    )
    expect(failures.map((f) => f.actor_name).sort()).toEqual(['nobody-here', user.username].sort())
  })

  it('refuses a disabled user with the same message', async () => {
    const user = await makeUser(t.deps, { disabled: true })
    const res = await signIn(t.agent(), user.username, TEST_PASSWORD)
    expect(res.status).toBe(401)
    expect(visibleText(await res.text())).toContain('Incorrect user name or password.')
  })

  it('re-renders with field messages and 422 when fields are empty', async () => {
    const res = await signIn(t.agent(), '', '')
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain('Enter your user name.')
    expect(text).toContain('Enter your password.')
  })

  it('returns to a local next path and ignores an off-site one', async () => {
    const user = await makeUser(t.deps)
    const local = await t
      .agent()
      .post('/login', { username: user.username, password: TEST_PASSWORD, next: '/account' })
    expect(local.headers.get('Location')).toBe('/account')
    const evil = await t.agent().post('/login', {
      username: user.username,
      password: TEST_PASSWORD,
      next: '//evil.example/x',
    })
    expect(evil.headers.get('Location')).toBe('/')
  })
})

describe('POST /logout', () => {
  it('revokes the token family, clears the cookies and audits', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent()
    await signIn(agent, user.username, TEST_PASSWORD)
    const stolen = new Map(agent.cookies)
    const res = await agent.post('/logout')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/login')
    expect(agent.cookies.has(ACCESS_COOKIE)).toBe(false)
    const revoked = await t.deps.db
      .selectFrom('refresh_tokens')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .execute()
    expect(revoked.every((r) => r.revoked_at !== null)).toBe(true)
    // the old cookies, replayed, no longer authenticate (access token included)
    const replay = t.agent()
    for (const [k, v] of stolen) replay.cookies.set(k, v)
    const page = await replay.get('/')
    expect(page.status).toBe(302)
    expect((await auditActions()).map((r) => r.action)).toContain('auth.logout')
  })
})
