// Sign-in and password-change throttling (issue 7: per-account exponential delay, audited; wrong
// current passwords throttled like sign-in. Issue 15: the address limit counts failures only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_DELAY_MS } from '../../../src/auth/account-throttle.ts'
import { makeUser, signIn, startSessionFor, TEST_PASSWORD } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'
import { auditRows as readAuditRows } from '../../support/audit.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

/** 20 wrong passwords for one name from 4 addresses, 5 each, as fast as possible. */
async function spray(username: string, net = '203.0.113'): Promise<number[]> {
  const statuses: number[] = []
  for (let a = 0; a < 4; a++) {
    const agent = t.agent(`${net}.${10 + a}`)
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn(agent, username, `guess-${a}-${i}`)).status)
  }
  return statuses
}

async function auditRows(action: string) {
  return readAuditRows(t.deps, (q) => q.where('action', '=', action).orderBy('seq'))
}

describe('per-account sign-in throttling', () => {
  it('answers 429 instead of checking a password once an account collects failures from many addresses', async () => {
    const owner = await makeUser(t.deps)
    const statuses = await spray(owner.username)
    // 5 free failures, a 6th that starts the delay, then refusals without a password check
    expect(statuses.filter((s) => s === 401)).toHaveLength(6)
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true)
    const refused = await signIn(t.agent('203.0.113.99'), owner.username, 'one more guess')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await refused.text()).toContain('Too many failed sign-ins for this user name')
    // audited: the failure that started the delay, and the first refusal in it (not every one)
    const failures = await auditRows('auth.login')
    expect(JSON.parse(failures.at(-1)?.details_json ?? '{}')).toMatchObject({ delaySeconds: 1 })
    const throttled = await auditRows('auth.login_throttled')
    expect(throttled).toHaveLength(1)
    expect(throttled[0]).toMatchObject({ actor_name: owner.username, outcome: 'failure' })
  })

  it('throttles an unknown user name exactly like a real one (no enumeration)', async () => {
    const owner = await makeUser(t.deps)
    const real = await spray(owner.username)
    const unknown = await spray('nobody-has-this-name', '198.18.0')
    expect(unknown).toEqual(real)
  })

  it('never locks the owner out: the delay is capped, and the right password then signs in', async () => {
    const owner = await makeUser(t.deps)
    const attacker = () => t.agent() // a fresh address each time: the address limit does not help
    for (let i = 0; i < 40; i++) {
      const res = await signIn(attacker(), owner.username, `guess-${i}`)
      const wait = Number(res.headers.get('Retry-After') ?? '0')
      expect(wait * 1000).toBeLessThanOrEqual(MAX_DELAY_MS)
      if (res.status === 429) t.deps.clock.advance(wait * 1000)
    }
    const early = await signIn(t.agent(), owner.username, TEST_PASSWORD)
    expect(early.status).toBe(429)
    t.deps.clock.advance(Number(early.headers.get('Retry-After')) * 1000)
    expect((await signIn(t.agent(), owner.username, TEST_PASSWORD)).status).toBe(303)
    // success starts the account afresh
    expect((await signIn(t.agent(), owner.username, 'a typo')).status).toBe(401)
  })
})

describe('per-address sign-in limit', () => {
  it('counts failed attempts only: colleagues behind one office address all sign in', async () => {
    const office = '192.0.2.44'
    for (let i = 0; i < 8; i++) {
      const colleague = await makeUser(t.deps)
      expect((await signIn(t.agent(office), colleague.username, TEST_PASSWORD)).status).toBe(303)
    }
    const someone = await makeUser(t.deps)
    for (let i = 0; i < 5; i++)
      expect((await signIn(t.agent(office), someone.username, 'wrong')).status).toBe(401)
    expect((await signIn(t.agent(office), someone.username, TEST_PASSWORD)).status).toBe(429)
  })
})

describe('change-password throttling', () => {
  it('delays wrong current passwords like sign-in, refusing even the right one inside the delay', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    const change = (current: string) =>
      agent.post('/account/password', {
        currentPassword: current,
        newPassword: 'a brand new passphrase 42',
        confirmPassword: 'a brand new passphrase 42',
      })
    for (let i = 0; i < 6; i++) expect((await change(`wrong-${i}`)).status).toBe(422)
    const refused = await change(TEST_PASSWORD)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await refused.text()).toContain('Too many wrong passwords')
    const audit = await auditRows('auth.password_change')
    expect(JSON.parse(audit.at(-1)?.details_json ?? '{}')).toMatchObject({ reason: 'throttled' })
    t.deps.clock.advance(Number(refused.headers.get('Retry-After')) * 1000)
    expect((await change(TEST_PASSWORD)).status).toBe(303)
  })
})
