import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/http/middleware/secure-headers.ts'
import { inlineCodeFindings } from '../../support/html.ts'
import { loginAs, makeTenant, makeUser, signIn, TEST_PASSWORD } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

function expectSecurityHeaders(res: Response, label: string) {
  const csp = res.headers.get('Content-Security-Policy') ?? ''
  expect(csp, label).toBe(CONTENT_SECURITY_POLICY)
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toContain('unsafe-inline')
  expect(res.headers.get('X-Content-Type-Options'), label).toBe('nosniff')
  expect(res.headers.get('Referrer-Policy'), label).toBe('same-origin')
  expect(res.headers.get('X-Frame-Options'), label).toBe('DENY')
}

describe('security headers', () => {
  it('are on pages, redirects, errors, assets and 404s alike; no HSTS over plain HTTP', async () => {
    const agent = await loginAs(t, 'super_admin')
    const anon = t.agent()
    const responses: [string, Response][] = [
      ['login page', await anon.get('/login')],
      ['redirect to login', await anon.get('/account')],
      ['dashboard', await agent.get('/')],
      ['asset', await anon.get('/assets/app.css')],
      ['404', await agent.get('/no-such-page')],
      ['csrf refusal', await agent.post('/logout', {}, { csrf: false })],
      ['api 401', await anon.get('/api/v1/anything')],
    ]
    for (const [label, res] of responses) {
      expectSecurityHeaders(res, label)
      expect(res.headers.get('Strict-Transport-Security'), label).toBeNull()
    }
  })

  it('sends HSTS and Secure cookies when served over HTTPS', async () => {
    const user = await makeUser(t.deps)
    const body = new URLSearchParams({ username: user.username, password: TEST_PASSWORD })
    const seed = await t.app.request('https://outpost.example/login')
    const seedCookie = seed.headers.getSetCookie()[0]?.split(';')[0] ?? ''
    expect(seed.headers.get('Strict-Transport-Security')).toMatch(/max-age=\d+/)
    expect(seed.headers.getSetCookie()[0]).toMatch(/Secure/)
    const html = await seed.text()
    const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
    body.set('_csrf', token)
    const res = await t.app.request('https://outpost.example/login', {
      method: 'POST',
      body,
      headers: {
        Origin: 'https://outpost.example',
        Cookie: seedCookie,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    })
    expect(res.status).toBe(303)
    for (const line of res.headers.getSetCookie()) expect(line).toMatch(/; Secure/)
  })

  it('renders pages with no inline script, style or event handler attributes', async () => {
    const agent = await loginAs(t, 'admin', (await makeTenant(t.deps)).id)
    for (const path of ['/', '/account', '/account/password', '/no-such-page']) {
      const html = await (await agent.get(path)).text()
      expect(inlineCodeFindings(html), path).toEqual([])
      expect(html).toContain('&quot;includeIndicatorStyles&quot;:false')
    }
    expect(inlineCodeFindings(await (await t.agent().get('/login')).text())).toEqual([])
  })

  it('serves vendored htmx from /assets with a long cache, never from a CDN', async () => {
    const page = await (await t.agent().get('/login')).text()
    const src = page.match(/<script src="([^"]*htmx[^"]*)"/)?.[1] ?? ''
    expect(src).toMatch(/^\/assets\/htmx\.min\.js\?v=[0-9a-f]{12}$/)
    const res = await t.agent().get(src)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toContain('immutable')
    expect(await res.text()).toContain('htmx')
    expect(page).not.toMatch(/https?:\/\/(?!localhost)/)
  })
})

describe('CSRF', () => {
  it('refuses a signed-in POST without the token', async () => {
    const agent = await loginAs(t, 'super_admin')
    const res = await agent.post('/logout', {}, { csrf: false })
    expect(res.status).toBe(403)
    expect((await agent.get('/')).status).toBe(200) // still signed in
  })

  it('refuses a token from another session', async () => {
    const a = await loginAs(t, 'super_admin')
    const b = await loginAs(t, 'super_admin')
    const res = await a.post('/logout', {}, { csrf: await b.csrfToken() })
    expect(res.status).toBe(403)
  })

  it('refuses a cross-site origin even with a valid token', async () => {
    const agent = await loginAs(t, 'super_admin')
    const res = await agent.post('/logout', {}, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
  })

  it('accepts the token in the X-CSRF-Token header (htmx hx-headers)', async () => {
    const agent = await loginAs(t, 'super_admin')
    const res = await agent.request('POST', '/logout', {
      htmx: true,
      csrf: false,
      headers: {
        'X-CSRF-Token': await agent.csrfToken(),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('HX-Redirect')).toBe('/login')
  })

  it('protects the login form against login CSRF', async () => {
    const user = await makeUser(t.deps)
    const res = await t
      .agent()
      .post('/login', { username: user.username, password: TEST_PASSWORD }, { csrf: 'forged' })
    expect(res.status).toBe(403)
  })

  it('answers an htmx refusal with a fragment retargeted to the flash area', async () => {
    const agent = await loginAs(t, 'super_admin')
    const res = await agent.post('/logout', {}, { csrf: false, htmx: true })
    expect(res.status).toBe(403)
    expect(res.headers.get('HX-Retarget')).toBe('#flash')
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('flash-error')
  })
})

describe('no session', () => {
  it('redirects pages to /login with the path to return to', async () => {
    const res = await t.agent().get('/account')
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/login?next=%2Faccount')
  })

  it('answers htmx requests with 401 and HX-Redirect', async () => {
    const res = await t.agent().get('/account', { htmx: true })
    expect(res.status).toBe(401)
    expect(res.headers.get('HX-Redirect')).toBe('/login?next=%2Faccount')
  })
})

describe('login rate limit', () => {
  it('allows 5 failed attempts a minute per address, then answers 429 with a clear message', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent('198.51.100.7')
    for (let i = 0; i < 5; i++)
      expect((await signIn(agent, user.username, 'wrong password')).status).toBe(401)
    const limited = await signIn(agent, user.username, TEST_PASSWORD)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await limited.text()).toContain('Too many failed sign-ins from your address')
    // another address is unaffected
    expect((await signIn(t.agent('198.51.100.8'), user.username, TEST_PASSWORD)).status).toBe(303)
    // a minute later the first address may try again
    t.deps.clock.advance(61_000)
    expect((await signIn(agent, user.username, TEST_PASSWORD)).status).toBe(303)
  })
})

describe('CSRF seed cookie', () => {
  it('is set for pages but not for /health or /api', async () => {
    const page = await t.agent().get('/login')
    expect(page.headers.getSetCookie().some((c) => c.startsWith('outpost_csrf='))).toBe(true)
    for (const path of ['/health', '/api/v1/me']) {
      const res = await t.agent().get(path)
      expect(res.headers.getSetCookie(), path).toEqual([])
    }
  })
})
