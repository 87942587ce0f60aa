// Passkeys (issue 19) through the real app and a real SQLite file, with a software authenticator
// (test/support/webauthn.ts) answering the server's real options: registration, sign-in alone and
// as the second step, and every refusal the issue names (replayed, cross-origin, another user's,
// removed passkey), each audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { visibleText } from '../../support/html.ts'
import {
  makeTenant,
  makeUser,
  signIn,
  startSessionFor,
  TEST_PASSWORD,
} from '../../support/login.ts'
import { createTestApp, ORIGIN, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { SoftAuthenticator, type SoftOptions } from '../../support/webauthn.ts'
import { ACCESS_COOKIE } from '../../../src/http/session-cookies.ts'
import { removeSecondFactor } from '../../../src/recovery/recovery.service.ts'
import type { UserId } from '../../../src/lib/ids.ts'
import { auditRows } from '../../support/audit.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

const audit = async (action: string) =>
  (await auditRows(t.deps, (q) => q.where('action', '=', action).orderBy('seq'))).map(
    (r): Record<string, unknown> => ({ ...r.details, outcome: r.outcome, actor: r.actor_name }),
  )

const json = (agent: TestAgent, path: string, body: unknown = {}) =>
  agent.request('POST', path, { json: body })

async function register(
  agent: TestAgent,
  soft: SoftAuthenticator,
  name: string,
  opts: SoftOptions = {},
) {
  const { options } = (await (await json(agent, '/account/security/passkeys/options')).json()) as {
    options: Parameters<SoftAuthenticator['create']>[0]
  }
  return json(agent, '/account/security/passkeys', { name, response: soft.create(options, opts) })
}

async function assertion(
  agent: TestAgent,
  base: string,
  soft: SoftAuthenticator,
  opts: SoftOptions & { which?: number } = {},
) {
  const res = await json(agent, `${base}/options`)
  const { options } = (await res.json()) as { options: Parameters<SoftAuthenticator['get']>[0] }
  return soft.get(options, opts)
}

async function userWithPasskey(o: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(t.deps, o)
  const agent = t.agent()
  await startSessionFor(t, agent, user.id)
  const soft = new SoftAuthenticator(ORIGIN)
  const res = await register(agent, soft, 'Work laptop')
  expect(res.status).toBe(200)
  return { user, agent, soft }
}

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error

describe('registering passkeys', () => {
  it('registers several, lists, renames and removes them; each change audited', async () => {
    const { user, agent, soft } = await userWithPasskey()
    expect((await register(agent, soft, 'Phone')).status).toBe(200)
    let page = visibleText(await (await agent.get('/account/security')).text())
    expect(page).toContain('Passkeys')
    const rows = await t.deps.db
      .selectFrom('user_passkeys')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('created_at')
      .execute()
    expect(rows.map((r) => r.name)).toEqual(['Work laptop', 'Phone'])
    expect(rows[0]!.transports).toBe('internal')
    const phone = rows[1]!
    expect(
      (
        await agent.post('/account/security/passkeys/rename', {
          id: phone.id,
          name: '  Pixel   8 ',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await t.deps.db
          .selectFrom('user_passkeys')
          .select('name')
          .where('id', '=', phone.id)
          .executeTakeFirst()
      )?.name,
    ).toBe('Pixel 8')
    page = visibleText(await (await agent.get('/account/security')).text())
    expect(page).toContain('Passkey renamed to “Pixel 8”.')
    expect((await agent.post('/account/security/passkeys/remove', { id: phone.id })).status).toBe(
      303,
    )
    expect(
      await t.deps.db
        .selectFrom('user_passkeys')
        .select('id')
        .where('user_id', '=', user.id)
        .execute(),
    ).toHaveLength(1)
    expect((await audit('auth.passkey_registered')).map((a) => a.name)).toEqual([
      'Work laptop',
      'Phone',
    ])
    expect(await audit('auth.passkey_renamed')).toMatchObject([{ from: 'Phone', to: 'Pixel 8' }])
    expect(await audit('auth.passkey_removed')).toMatchObject([
      { outcome: 'success', name: 'Pixel 8' },
    ])
  })

  it('refuses an empty name and another user’s passkey id, changing nothing', async () => {
    const { user, agent, soft } = await userWithPasskey()
    const empty = await register(agent, soft, '   ')
    expect(empty.status).toBe(422)
    expect(await errorOf(empty)).toContain('Give the passkey a name')
    const other = await makeUser(t.deps)
    const otherAgent = t.agent()
    await startSessionFor(t, otherAgent, other.id)
    const otherSoft = new SoftAuthenticator(ORIGIN)
    await register(otherAgent, otherSoft, 'Theirs')
    const theirs = await t.deps.db
      .selectFrom('user_passkeys')
      .select('id')
      .where('user_id', '=', other.id)
      .executeTakeFirstOrThrow()
    const foreign = await agent.post('/account/security/passkeys/remove', { id: theirs.id })
    expect(foreign.status).toBe(303)
    expect(visibleText(await (await agent.get('/account/security')).text())).toContain(
      'No such passkey',
    )
    expect(
      await t.deps.db
        .selectFrom('user_passkeys')
        .select('id')
        .where('id', '=', theirs.id)
        .execute(),
    ).toHaveLength(1)
    expect(
      await t.deps.db
        .selectFrom('user_passkeys')
        .select('id')
        .where('user_id', '=', user.id)
        .execute(),
    ).toHaveLength(1)
  })

  it('refuses a registration made for another origin and one without user verification', async () => {
    const user = await makeUser(t.deps)
    const agent = t.agent()
    await startSessionFor(t, agent, user.id)
    const soft = new SoftAuthenticator(ORIGIN)
    const cross = await register(agent, soft, 'Evil', { origin: 'https://evil.example' })
    expect(cross.status).toBe(422)
    expect(await errorOf(cross)).toContain('another site')
    const noUv = await register(agent, soft, 'No PIN', { userVerified: false })
    expect(await errorOf(noUv)).toContain('did not verify you')
    expect(await t.deps.db.selectFrom('user_passkeys').select('id').execute()).toHaveLength(0)
    expect((await audit('auth.passkey_registered')).map((a) => a.reason)).toEqual([
      'wrong_origin',
      'not_verified',
    ])
  })
})

describe('signing in with a passkey alone', () => {
  it('signs in without a user name, and audits the passkey used', async () => {
    const { user, soft } = await userWithPasskey()
    const browser = t.agent()
    const response = await assertion(browser, '/login/passkey', soft)
    const res = await json(browser, '/login/passkey', { response, next: '/devices' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ redirect: '/devices' })
    expect(browser.cookies.get(ACCESS_COOKIE)).toBeTruthy()
    expect((await browser.get('/account/security')).status).toBe(200)
    const login = await audit('auth.login')
    expect(login.at(-1)).toMatchObject({
      outcome: 'success',
      actor: user.username,
      method: 'passkey',
      keyName: 'Work laptop',
    })
    const row = await t.deps.db
      .selectFrom('user_passkeys')
      .select(['counter', 'last_used_at'])
      .executeTakeFirstOrThrow()
    expect(row.counter).toBe(2)
    expect(row.last_used_at).toBe(t.deps.clock.now())
  })

  it('refuses a replayed assertion, a cross-origin one and one without user verification, each audited', async () => {
    const { soft } = await userWithPasskey()
    const browser = t.agent()
    const response = await assertion(browser, '/login/passkey', soft)
    expect((await json(browser, '/login/passkey', { response })).status).toBe(200)
    const replay = await json(t.agent(), '/login/passkey', { response })
    expect(replay.status).toBe(401)
    expect(await errorOf(replay)).toContain('already used')
    const attacker = t.agent()
    const cross = await json(attacker, '/login/passkey', {
      response: await assertion(attacker, '/login/passkey', soft, {
        origin: 'https://evil.example',
      }),
    })
    expect(cross.status).toBe(401)
    expect(await errorOf(cross)).toContain('another site')
    expect(attacker.cookies.has(ACCESS_COOKIE)).toBe(false)
    const lazy = t.agent()
    const noUv = await json(lazy, '/login/passkey', {
      response: await assertion(lazy, '/login/passkey', soft, { userVerified: false }),
    })
    expect(await errorOf(noUv)).toContain('did not verify you')
    const failures = (await audit('auth.login')).filter((a) => a.outcome === 'failure')
    expect(failures.map((a) => a.reason)).toEqual(['replayed', 'wrong_origin', 'not_verified'])
  })

  it('refuses a removed passkey and an answer whose counter went backwards (a copied key)', async () => {
    const { agent, soft } = await userWithPasskey()
    const browser = t.agent()
    await json(browser, '/login/passkey', {
      response: await assertion(browser, '/login/passkey', soft),
    })
    soft.credentials[0]!.counter = 0
    const clone = t.agent()
    const cloned = await json(clone, '/login/passkey', {
      response: await assertion(clone, '/login/passkey', soft),
    })
    expect(cloned.status).toBe(401)
    expect(await errorOf(cloned)).toContain('old signature counter')
    const row = await t.deps.db.selectFrom('user_passkeys').select('id').executeTakeFirstOrThrow()
    await agent.post('/account/security/passkeys/remove', { id: row.id })
    const later = t.agent()
    const removed = await json(later, '/login/passkey', {
      response: await assertion(later, '/login/passkey', soft),
    })
    expect(removed.status).toBe(401)
    expect(await errorOf(removed)).toContain('not registered here')
    const reasons = (await audit('auth.login'))
      .filter((a) => a.outcome === 'failure')
      .map((a) => a.reason)
    expect(reasons).toEqual(['counter', 'unknown_passkey'])
  })

  it('refuses a malformed answer and a request from a foreign Origin', async () => {
    const browser = t.agent()
    const bad = await json(browser, '/login/passkey', { response: { id: 'x' } })
    expect(bad.status).toBe(400)
    const foreign = await browser.request('POST', '/login/passkey/options', {
      json: {},
      origin: 'https://evil.example',
    })
    expect(foreign.status).toBe(403)
  })
})

describe('a passkey as the second factor', () => {
  it('asks for the passkey after the password and signs in with it', async () => {
    const { user, soft } = await userWithPasskey()
    const browser = t.agent()
    const first = await signIn(browser, user.username, TEST_PASSWORD)
    expect(first.headers.get('Location')).toBe('/login/code')
    expect(browser.cookies.has(ACCESS_COOKIE)).toBe(false)
    const page = visibleText(await (await browser.get('/login/code')).text())
    expect(page).toContain('Use a passkey')
    expect(page).toContain('Recovery code')
    const response = await assertion(browser, '/login/code/passkey', soft)
    const res = await json(browser, '/login/code/passkey', { response })
    expect(res.status).toBe(200)
    expect(browser.cookies.get(ACCESS_COOKIE)).toBeTruthy()
    expect((await audit('auth.login')).at(-1)).toMatchObject({
      outcome: 'success',
      secondFactor: 'passkey',
    })
  })

  it('refuses a passkey of another user at the second step, audited', async () => {
    const { user } = await userWithPasskey()
    const other = await userWithPasskey()
    const browser = t.agent()
    await signIn(browser, user.username, TEST_PASSWORD)
    const response = await assertion(browser, '/login/code/passkey', other.soft)
    const res = await json(browser, '/login/code/passkey', { response })
    expect(res.status).toBe(401)
    expect(await errorOf(res)).toContain('belongs to another account')
    expect(browser.cookies.has(ACCESS_COOKIE)).toBe(false)
    expect((await audit('auth.second_factor')).at(-1)).toMatchObject({
      outcome: 'failure',
      actor: user.username,
      reason: 'other_user',
    })
  })

  it('without the password step there is no second-step ceremony', async () => {
    const res = await json(t.agent(), '/login/code/passkey/options')
    expect(res.status).toBe(401)
  })
})

describe('policy and recovery', () => {
  it('a passkey satisfies a tenant’s second-factor requirement; the last one cannot be removed there', async () => {
    const tenant = await makeTenant(t.deps)
    const memberships = [{ tenantId: tenant.id, role: 'operator' as const }]
    await t.deps.db
      .updateTable('tenants')
      .set({ require_second_factor: 1 })
      .where('id', '=', tenant.id)
      .execute()
    const bare = await makeUser(t.deps, { memberships })
    const bareAgent = t.agent()
    await startSessionFor(t, bareAgent, bare.id, tenant.id)
    expect((await bareAgent.get('/devices')).headers.get('Location')).toBe('/account/security')
    expect((await register(bareAgent, new SoftAuthenticator(ORIGIN), 'Key')).status).toBe(200)
    expect((await bareAgent.get('/devices')).status).toBe(200)
    const row = await t.deps.db
      .selectFrom('user_passkeys')
      .select('id')
      .where('user_id', '=', bare.id)
      .executeTakeFirstOrThrow()
    await bareAgent.post('/account/security/passkeys/remove', { id: row.id })
    expect(visibleText(await (await bareAgent.get('/account/security')).text())).toContain(
      'requires a second factor',
    )
    expect(
      await t.deps.db.selectFrom('user_passkeys').select('id').where('id', '=', row.id).execute(),
    ).toHaveLength(1)
    expect((await audit('auth.passkey_removed')).at(-1)).toMatchObject({
      outcome: 'failure',
      reason: 'required',
    })
  })

  it('recovery codes stand in for the passkeys of a passkey-only user; a wrong password makes none', async () => {
    const { user, agent } = await userWithPasskey()
    expect(visibleText(await (await agent.get('/account/security')).text())).toContain(
      'You have no recovery codes',
    )
    await agent.post('/account/security/passkeys/recovery-codes', { password: 'wrong' })
    expect(visibleText(await (await agent.get('/account/security')).text())).toContain(
      'not your current password',
    )
    const page = await agent.post('/account/security/passkeys/recovery-codes', {
      password: TEST_PASSWORD,
    })
    const codes = [
      ...(await page.text()).matchAll(/<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2})<\/code>/g),
    ].map((m) => m[1]!)
    expect(codes).toHaveLength(10)
    const browser = t.agent()
    await signIn(browser, user.username, TEST_PASSWORD)
    const res = await browser.post('/login/code', { code: codes[0]! })
    expect(res.status).toBe(303)
    expect(browser.cookies.get(ACCESS_COOKIE)).toBeTruthy()
    const again = t.agent()
    await signIn(again, user.username, TEST_PASSWORD)
    expect(
      visibleText(await (await again.post('/login/code', { code: codes[0]! })).text()),
    ).toContain('already used')
  })

  it('the recovery console’s reset removes the passkeys too, so the password alone signs in', async () => {
    const { user, soft } = await userWithPasskey()
    const ctx = {
      deps: t.deps,
      ip: '192.0.2.9',
      network: () => {
        throw new Error('unused')
      },
      source: undefined as never,
      requestRestart: () => undefined,
    }
    expect(await removeSecondFactor(ctx, user.username)).toBe('removed')
    expect(
      await t.deps.db
        .selectFrom('user_passkeys')
        .select('id')
        .where('user_id', '=', user.id as UserId)
        .execute(),
    ).toHaveLength(0)
    expect((await signIn(t.agent(), user.username, TEST_PASSWORD)).headers.get('Location')).toBe(
      '/',
    )
    const browser = t.agent()
    const gone = await json(browser, '/login/passkey', {
      response: await assertion(browser, '/login/passkey', soft),
    })
    expect(await errorOf(gone)).toContain('not registered here')
  })
})

describe('the relying party', () => {
  it('comes from the configured public address: a page opened at another address is told where passkeys work', async () => {
    const configured = await createTestApp({
      env: { OUTPOST_PUBLIC_URL: 'https://outpost.example.net' },
    })
    try {
      const user = await makeUser(configured.deps)
      const agent = configured.agent()
      await startSessionFor(configured, agent, user.id)
      const elsewhere = await json(agent, '/account/security/passkeys/options')
      expect(elsewhere.status).toBe(403)
      expect(await errorOf(elsewhere)).toContain(
        'Passkeys work only at https://outpost.example.net',
      )
    } finally {
      await configured.close()
    }
  })
})
