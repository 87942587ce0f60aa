import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { visibleText } from '../../support/html.ts'
import {
  makeTenant,
  makeUser,
  signIn,
  startSessionFor,
  TEST_PASSWORD,
} from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'
import { enrolViaPages } from '../../support/totp.ts'
import { ACCESS_COOKIE } from '../../../src/http/session-cookies.ts'
import { auditRows } from '../../support/audit.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

const audit = async () => auditRows(t.deps, (q) => q.orderBy('seq'))

async function enrolledUser(opts: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(t.deps, opts)
  const agent = t.agent()
  await startSessionFor(t, agent, user.id)
  const enrolled = await enrolViaPages(t, agent)
  return { user, enrolled }
}

describe('enrolment', () => {
  it('shows a server-rendered SVG QR code of the otpauth URI and ten recovery codes once, stored hashed', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    const page = await (await agent.post('/account/security/enrol')).text()
    expect(page).toContain('src="data:image/svg+xml;charset=utf-8,%3Csvg')
    const enrolled = await enrolViaPages(t, agent)
    expect(enrolled.recoveryCodes).toHaveLength(10)
    expect(new Set(enrolled.recoveryCodes).size).toBe(10)
    const rows = await t.deps.db
      .selectFrom('user_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', user.id)
      .execute()
    expect(rows).toHaveLength(10)
    const stored =
      JSON.stringify(rows) +
      JSON.stringify(await t.deps.db.selectFrom('user_second_factors').selectAll().execute())
    for (const c of enrolled.recoveryCodes) expect(stored).not.toContain(c)
    expect(stored).not.toContain(enrolled.secret)
    expect((await audit()).map((a) => a.action)).toContain('auth.second_factor_enrolled')
    const overview = visibleText(await (await agent.get('/account/security')).text())
    expect(overview).toContain('10 of 10 recovery codes left')
  })

  it('refuses a wrong first code and leaves the second factor off', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    await agent.post('/account/security/enrol')
    const res = await agent.post('/account/security/enrol/confirm', { code: '000000' })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('That code is not right')
    const row = await t.deps.db
      .selectFrom('user_second_factors')
      .select('confirmed_at')
      .where('user_id', '=', user.id)
      .executeTakeFirst()
    expect(row?.confirmed_at).toBeNull()
    const second = await signIn(t.agent(), user.username, TEST_PASSWORD)
    expect(second.headers.get('Location')).toBe('/')
  })
})

describe('sign-in with a second factor', () => {
  it('asks for the code after the password and opens the session only after it', async () => {
    const { user, enrolled } = await enrolledUser()
    t.deps.clock.advance(60_000)
    const agent = t.agent()
    const res = await signIn(agent, user.username, TEST_PASSWORD)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/login/code')
    expect(agent.cookies.has(ACCESS_COOKIE)).toBe(false)
    expect((await agent.get('/')).status).not.toBe(200)
    const ok = await agent.post('/login/code', { code: enrolled.code() })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('Location')).toBe('/')
    expect((await agent.get('/')).status).toBe(200)
    const last = (await audit()).at(-1)!
    expect(last).toMatchObject({ action: 'auth.login', outcome: 'success' })
    expect(JSON.parse(last.details_json)).toEqual({ secondFactor: 'totp' })
  })

  it('refuses wrong codes, a replayed code, and throttles like passwords (429 with Retry-After)', async () => {
    const { user, enrolled } = await enrolledUser()
    t.deps.clock.advance(60_000)
    const used = enrolled.code()
    const first = t.agent()
    await signIn(first, user.username, TEST_PASSWORD)
    expect((await first.post('/login/code', { code: used })).status).toBe(303)
    // the same code again, from another browser: refused as replayed
    const agent = t.agent()
    await signIn(agent, user.username, TEST_PASSWORD)
    const replay = await agent.post('/login/code', { code: used })
    expect(replay.status).toBe(401)
    expect(visibleText(await replay.text())).toContain('already used')
    for (let i = 0; i < 4; i++)
      expect((await agent.post('/login/code', { code: '123456' })).status).toBe(401)
    // 5 failures so far on this address: the per-address limit answers 429
    const limited = await agent.post('/login/code', { code: enrolled.code(30_000) })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/)
    // from a fresh address the account's own delay holds after its sixth failure
    const other = t.agent()
    await signIn(other, user.username, TEST_PASSWORD)
    expect((await other.post('/login/code', { code: '654321' })).status).toBe(401)
    const throttled = await other.post('/login/code', { code: enrolled.code(30_000) })
    expect(throttled.status).toBe(429)
    expect(visibleText(await throttled.text())).toContain('Too many wrong codes')
    const actions = (await audit()).map((a) => `${a.action}:${a.outcome}`)
    expect(actions.filter((a) => a === 'auth.second_factor:failure').length).toBe(6)
    expect(actions).toContain('auth.second_factor_throttled:failure')
    // after the delay the right code works
    t.deps.clock.advance(61_000)
    const later = t.agent()
    await signIn(later, user.username, TEST_PASSWORD)
    expect((await later.post('/login/code', { code: enrolled.code() })).status).toBe(303)
  })

  it('accepts each recovery code once and refuses it the second time', async () => {
    const { user, enrolled } = await enrolledUser()
    const code = enrolled.recoveryCodes[3]!
    const a = t.agent()
    await signIn(a, user.username, TEST_PASSWORD)
    const ok = await a.post('/login/code', { code: code.toLowerCase().replace(/-/g, ' ') })
    expect(ok.status).toBe(303)
    const b = t.agent()
    await signIn(b, user.username, TEST_PASSWORD)
    const again = await b.post('/login/code', { code })
    expect(again.status).toBe(401)
    expect(visibleText(await again.text())).toContain('recovery code was already used')
    const details = (await audit())
      .filter((r) => r.action === 'auth.second_factor')
      .map((r) => JSON.parse(r.details_json) as { reason: string })
    expect(details.at(-1)?.reason).toBe('used_recovery_code')
    const left = await t.deps.db
      .selectFrom('user_recovery_codes')
      .select('id')
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute()
    expect(left).toHaveLength(9)
  })

  it('sends back to the password after the ticket expires, and rejects a forged ticket', async () => {
    const { user, enrolled } = await enrolledUser()
    const agent = t.agent()
    await signIn(agent, user.username, TEST_PASSWORD)
    t.deps.clock.advance(5 * 60_000 + 1)
    const res = await agent.post('/login/code', { code: enrolled.code() })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/login')
    const forged = t.agent()
    forged.cookies.set(
      'outpost_2fa',
      `${Buffer.from(JSON.stringify({ u: user.id, e: Date.now() * 2 })).toString('base64url')}.AAAA`,
    )
    expect(
      (await forged.post('/login/code', { code: enrolled.code() })).headers.get('Location'),
    ).toBe('/login')
  })
})

describe('policy', () => {
  it('a tenant admin requires it; a member without one is sent to enrol after sign-in, and the API says 403', async () => {
    const tenant = await makeTenant(t.deps)
    const admin = await makeUser(t.deps, { memberships: [{ tenantId: tenant.id, role: 'admin' }] })
    const member = await makeUser(t.deps, {
      memberships: [{ tenantId: tenant.id, role: 'viewer' }],
    })
    const a = t.agent()
    await startSessionFor(t, a, admin.id, tenant.id)
    // the admin enrols first, then switches the policy on
    await enrolViaPages(t, a)
    expect((await a.post('/account/security/policy/tenant', { required: 'true' })).status).toBe(303)
    const m = t.agent()
    const res = await signIn(m, member.username, TEST_PASSWORD)
    expect(res.headers.get('Location')).toBe('/')
    const home = await m.get('/')
    expect(home.status).toBe(303)
    expect(home.headers.get('Location')).toBe('/account/security')
    expect((await m.get('/api/v1/devices')).status).toBe(403)
    expect(visibleText(await (await m.get('/account/security')).text())).toContain(
      'Your organisation requires a second factor',
    )
    await enrolViaPages(t, m)
    expect((await m.get('/')).status).toBe(200)
    // a viewer cannot change the policy
    expect((await m.post('/account/security/policy/tenant', { required: 'false' })).status).toBe(
      403,
    )
    const policy = (await audit()).filter((r) => r.action === 'auth.second_factor_policy')
    expect(policy).toHaveLength(1)
  })

  it('a super admin requires it for the appliance; turning it off is then refused', async () => {
    const { user, enrolled } = await enrolledUser({ superAdmin: true })
    const a = t.agent()
    await signIn(a, user.username, TEST_PASSWORD)
    t.deps.clock.advance(30_000)
    await a.post('/login/code', { code: enrolled.code() })
    expect((await a.post('/account/security/policy/appliance', { required: 'true' })).status).toBe(
      303,
    )
    const plain = await makeUser(t.deps)
    const p = t.agent()
    await startSessionFor(t, p, plain.id)
    expect((await p.get('/')).headers.get('Location')).toBe('/account/security')
    t.deps.clock.advance(30_000)
    const off = await a.post('/account/security/remove', { code: enrolled.code() })
    expect(off.status).toBe(409)
  })
})

describe('own changes', () => {
  it('new recovery codes need a current code; the old ones stop working; turning off needs a code too', async () => {
    const { user, enrolled } = await enrolledUser()
    const a = t.agent()
    await startSessionFor(t, a, user.id)
    const wrong = await a.post('/account/security/recovery-codes', { code: '111111' })
    expect(wrong.status).toBe(422)
    t.deps.clock.advance(30_000)
    const fresh = await a.post('/account/security/recovery-codes', { code: enrolled.code() })
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get('Cache-Control')).toBe('no-store')
    const b = t.agent()
    await signIn(b, user.username, TEST_PASSWORD)
    expect((await b.post('/login/code', { code: enrolled.recoveryCodes[0]! })).status).toBe(401)
    t.deps.clock.advance(30_000)
    expect((await a.post('/account/security/remove', { code: enrolled.code() })).status).toBe(303)
    expect((await signIn(t.agent(), user.username, TEST_PASSWORD)).headers.get('Location')).toBe(
      '/',
    )
  })
})
