// "Forgot password" end to end: the system mail is set up through its page, the link arrives at a
// real SMTP server (python3-aiosmtpd), works once within 30 minutes and revokes every session;
// the answer never tells whether the account exists; requests are limited and audited.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { requestPasswordReset, resetLimitFor } from '../../../src/auth/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeUser, signIn, startSessionFor } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'
import { startSmtp, type SmtpServer } from '../notifications/receivers.ts'
import { auditRows } from '../../support/audit.ts'

let smtp: SmtpServer
beforeAll(async () => {
  smtp = await startSmtp('none')
})
afterAll(() => smtp.close())

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

const NEW_PASSWORD = 'a brand new long passphrase'

async function setUpMail(): Promise<void> {
  const admin = await loginAs(t, 'super_admin')
  const saved = await admin.post('/settings/mail', {
    host: '127.0.0.1',
    port: String(smtp.port),
    security: 'none',
    username: '',
    password: '',
    from: 'outpost@appliance.test',
    linkBase: 'https://outpost.example.net/',
  })
  expect(saved.status).toBe(303)
}

async function userWithEmail(email: string) {
  const user = await makeUser(t.deps)
  const agent = t.agent()
  await startSessionFor(t, agent, user.id)
  const r = await agent.post('/account/email', { email })
  expect(r.status).toBe(303)
  return { user, agent }
}

function linkIn(message: string): string {
  const m = /https:\/\/outpost\.example\.net(\/login\/reset\/[A-Za-z0-9_-]+)/.exec(
    message.replace(/=\r?\n/g, ''),
  )
  if (m?.[1] === undefined) throw new Error(`no reset link in: ${message}`)
  return m[1]
}

const auditOf = (action: string) =>
  auditRows(t.deps, (q) => q.where('action', '=', action).orderBy('seq'))

describe('password reset by e-mail', () => {
  it('sends a single-use link that sets the password and signs out every session', async () => {
    await setUpMail()
    const { user, agent: otherBrowser } = await userWithEmail('jo@example.net')
    expect((await otherBrowser.get('/account')).status).toBe(200)
    const before = smtp.messages().length
    const anon = t.agent()
    const page = await anon.post('/login/forgot', { username: user.username })
    expect(page.status).toBe(200)
    expect(visibleText(await page.text())).toContain(
      'If an account with that user name has an e-mail address',
    )
    const [mail] = (await smtp.waitFor(before + 1)).slice(before)
    expect(mail).toContain('To: jo@example.net')
    expect(mail).toContain('Reset your Outpost password')
    const link = linkIn(mail ?? '')
    // the token is stored only as a hash
    const stored = JSON.stringify(
      await t.deps.db.selectFrom('password_reset_tokens').selectAll().execute(),
    )
    expect(stored).not.toContain(link.split('/').at(-1))

    const form = await anon.get(link)
    expect(form.status).toBe(200)
    expect(visibleText(await form.text())).toContain(`For ${user.username}`)
    const mismatch = await anon.post(link, { newPassword: NEW_PASSWORD, confirmPassword: 'other' })
    expect(mismatch.status).toBe(422)
    const done = await anon.post(link, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/login')
    // every session of the account is revoked
    const stale = await otherBrowser.get('/account')
    expect([302, 303]).toContain(stale.status)
    expect((await signIn(t.agent(), user.username, NEW_PASSWORD)).status).toBe(303)
    // the link works once
    const again = await anon.get(link)
    expect(again.status).toBe(410)
    expect(visibleText(await again.text())).toContain('no longer valid')
    const reused = await anon.post(link, {
      newPassword: 'yet another passphrase',
      confirmPassword: 'yet another passphrase',
    })
    expect(reused.status).toBe(410)
    const audit = await auditOf('auth.password_reset')
    expect(audit.map((a) => a.outcome)).toEqual(['success', 'failure'])
    expect(JSON.stringify(await auditRows(t.deps, (q) => q))).not.toContain(NEW_PASSWORD)
  })

  it('expires after 30 minutes, and a newer link replaces an older one', async () => {
    await setUpMail()
    const { user } = await userWithEmail('kim@example.net')
    const limit = resetLimitFor(t.deps)
    const meta = { ip: '10.9.9.9', userAgent: null }
    const n = smtp.messages().length
    await (
      await requestPasswordReset(t.deps, { username: user.username, meta }, limit)
    ).mail
    // the first link is known before the second is asked for (the receiver's order of two
    // messages is not the order they were sent in)
    const first = linkIn((await smtp.waitFor(n + 1)).slice(n)[0]!)
    await (
      await requestPasswordReset(t.deps, { username: user.username, meta }, limit)
    ).mail
    const second = (await smtp.waitFor(n + 2))
      .slice(n)
      .map((m) => linkIn(m))
      .find((l) => l !== first)
    expect((await t.agent().get(first ?? '')).status).toBe(410)
    expect((await t.agent().get(second ?? '')).status).toBe(200)
    t.deps.clock.advance(30 * 60_000 + 1)
    expect((await t.agent().get(second ?? '')).status).toBe(410)
  })

  it('answers the same for unknown accounts, accounts without an address and rate-limited requests', async () => {
    await setUpMail()
    const noMail = await makeUser(t.deps)
    const { user } = await userWithEmail('lee@example.net')
    const text = async (username: string, ip?: string) => {
      const r = await t.agent(ip).post('/login/forgot', { username })
      expect(r.status).toBe(200)
      return visibleText(await r.text()).replace(/\s+/g, ' ')
    }
    const known = await text(user.username)
    expect(await text('nobody-here')).toBe(known)
    expect(await text(noMail.username)).toBe(known)
    // the JSON API: 202 either way
    for (const username of [user.username, 'nobody-here']) {
      const r = await t.app.request('/api/v1/auth/password-reset', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost' },
        body: JSON.stringify({ username }),
      })
      expect(r.status).toBe(202)
    }
    // per account: 3 an hour (one from the page, one from the API so far)
    await text(user.username, '10.50.0.1')
    await text(user.username, '10.50.0.2')
    // per address: 5 in 15 minutes
    for (let i = 0; i < 6; i++) expect(await text(`someone-${i}`, '10.60.0.1')).toBe(known)
    const reasons = (await auditOf('auth.password_reset_requested')).map(
      (a) => (JSON.parse(a.details_json) as { reason?: string }).reason ?? 'sent',
    )
    expect(reasons).toContain('unknown_account')
    expect(reasons).toContain('no_email_address')
    expect(reasons).toContain('rate_limited_account')
    expect(reasons).toContain('rate_limited_address')
    expect(reasons.filter((r) => r === 'sent')).toHaveLength(3)
  })

  it('refuses a malformed address and a link for a deleted account', async () => {
    await setUpMail()
    const { user, agent } = await userWithEmail('max@example.net')
    const bad = await agent.post('/account/email', { email: 'not an address' })
    expect(bad.status).toBe(422)
    expect(visibleText(await bad.text())).toContain('Enter an e-mail address')
    expect(
      (
        await t.deps.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).email,
    ).toBe('max@example.net')
    const n = smtp.messages().length
    const limit = resetLimitFor(t.deps)
    await (
      await requestPasswordReset(
        t.deps,
        { username: user.username, meta: { ip: null, userAgent: null } },
        limit,
      )
    ).mail
    const link = linkIn((await smtp.waitFor(n + 1))[n] ?? '')
    await t.deps.db.deleteFrom('users').where('id', '=', user.id).execute()
    expect((await t.agent().get(link)).status).toBe(410)
  })

  it('without system mail the request is still answered the same and the failure is audited', async () => {
    const { user } = await userWithEmail('nomail@example.net')
    const r = await requestPasswordReset(
      t.deps,
      { username: user.username, meta: { ip: null, userAgent: null } },
      resetLimitFor(t.deps),
    )
    await r.mail
    const failed = await auditOf('auth.password_reset_mail')
    expect(failed).toHaveLength(1)
    expect(failed[0]?.details_json).toContain('System mail is not set up')
  })
})
