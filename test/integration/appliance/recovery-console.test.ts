// The SSH recovery console driven by OpenSSH's own client over a pseudo-terminal: a wrong
// password is refused and audited, brute force is throttled, a password reset lets the user
// sign in again (through the real HTTP server), network settings show the HTTPS fingerprint,
// and a backup made from the menu is restored from the menu (the service restarts to apply it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../src/auth/index.ts'
import { sealTotpSecret } from '../../../src/auth/second-factor-secret.ts'
import { newId, type TenantId, type UserId } from '../../../src/lib/ids.ts'
import { newTotpSecret } from '../../../src/lib/totp.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { freePort } from '../../support/free-port.ts'
import { sshConsole } from './ssh-driver.ts'
import { auditRows } from '../../support/audit.ts'

const work = mkdtempSync(join(tmpdir(), 'outpost-recovery-'))
const dataDir = join(work, 'data')
const silent = new Writable({ write: (_c, _e, done) => done() })
let env: Record<string, string>
let outpost: RunningOutpost
let restarted: Promise<void> = Promise.resolve()

async function start(): Promise<void> {
  outpost = await startOutpost(env, {
    logDestination: silent,
    onRestart: () => {
      restarted = (async () => {
        await outpost.stop()
        await start()
      })()
    },
  })
}

beforeAll(async () => {
  env = {
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_ARGON2_PROFILE: 'light',
    OUTPOST_RECOVERY_PORT: String(await freePort()),
    OUTPOST_HTTPS_PORT: String(await freePort()),
  }
  await start()
})
afterAll(async () => {
  await restarted
  await outpost.stop()
  rmSync(work, { recursive: true, force: true })
})

const recoveryPassword = () => readFileSync(join(dataDir, 'recovery-password'), 'utf8').trim()
const auditActions = async (action: string) =>
  (await auditRows(outpost.deps, (q) => q.where('action', '=', action))).map((r) => r.outcome)

async function signIn(username: string, password: string): Promise<Response> {
  const page = await fetch(`${outpost.url}/login`)
  const cookie = (
    page.headers.getSetCookie().find((c) => c.startsWith('outpost_csrf=')) ?? ''
  ).split(';')[0]!
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  return fetch(`${outpost.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: cookie,
      Origin: outpost.url,
    },
    body: new URLSearchParams({ username, password, _csrf: token }),
  })
}

describe('SSH recovery console', () => {
  it('writes its password alone on a line, mode 0600', () => {
    const text = readFileSync(join(dataDir, 'recovery-password'), 'utf8')
    expect(text).toMatch(/^[A-Za-z0-9_-]{20}\n$/)
  })

  it('refuses a wrong password and audits it', async () => {
    const s = sshConsole(outpost.recovery!.port, 'wrong-password', work)
    expect(await s.exited).toBe(255)
    expect(s.output()).toMatch(/Permission denied/)
    expect(await auditActions('recovery.login')).toContain('failure')
  })

  it('resets a user password: the one-time password signs in and must be changed', async () => {
    const admin = await outpost.deps.db
      .selectFrom('users')
      .select('username')
      .executeTakeFirstOrThrow()
    const s = sshConsole(outpost.recovery!.port, recoveryPassword(), work)
    await s.expect(/choice> /)
    s.send('1')
    await s.expect(/version \S+, up \d+ s, data [\d.]+ MiB\r\ndevices 0/)
    await s.expect(/choice> /)
    s.send('4')
    const shown = await s.expect(/choice> /)
    expect(shown).toContain(`SHA-256 fingerprint ${outpost.https!.tls().fingerprint}`)
    s.send('2')
    await s.expect(/user name> /)
    s.send('nobody-here')
    await s.expect(/no user "nobody-here"/)
    await s.expect(/choice> /)
    s.send('2')
    await s.expect(/user name> /)
    s.send(admin.username)
    const text = await s.expect(/must choose a new password/)
    const otp = new RegExp(`one-time password for ${admin.username}: (\\S+)`).exec(text)![1]!
    await s.expect(/choice> /)
    s.send('3')
    await s.expect(/user name> /)
    s.send(admin.username)
    await s.expect(new RegExp(`${admin.username} unlocked`))
    await s.expect(/choice> /)
    s.send('0')
    expect(await s.exited).toBe(0)

    const res = await signIn(admin.username, otp)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account/password')
    expect(await auditActions('recovery.password_reset')).toEqual(['failure', 'success'])
    expect(await auditActions('recovery.unlock')).toEqual(['success'])
  })

  it("removes a user's second factor from the menu: the password alone signs in again", async () => {
    const now = Date.now()
    const id = newId<UserId>(now)
    const password = 'a long enough password 1'
    await outpost.deps.db
      .insertInto('users')
      .values({
        id,
        username: 'lost-phone',
        display_name: null,
        password_hash: await hashPassword(password, 'light'),
        created_at: now,
        updated_at: now,
        password_changed_at: now,
      })
      .execute()
    const sealed = sealTotpSecret(outpost.deps.secrets.masterKey, id, newTotpSecret())
    await outpost.deps.db
      .insertInto('user_second_factors')
      .values({ user_id: id, secret_sealed: sealed, created_at: now, confirmed_at: now })
      .execute()
    expect((await signIn('lost-phone', password)).headers.get('location')).toBe('/login/code')
    const s = sshConsole(outpost.recovery!.port, recoveryPassword(), work)
    await s.expect(/choice> /)
    s.send('9')
    await s.expect(/user name> /)
    s.send('lost-phone')
    await s.expect(/second factor of lost-phone removed/)
    await s.expect(/choice> /)
    s.send('0')
    expect(await s.exited).toBe(0)
    expect((await signIn('lost-phone', password)).headers.get('location')).toBe('/')
    expect(await auditActions('recovery.second_factor_remove')).toEqual(['success'])
  })

  it('backs up and restores from the menu; a wrong passphrase and an unconfirmed factory reset change nothing', async () => {
    const s = sshConsole(outpost.recovery!.port, recoveryPassword(), work)
    await s.expect(/choice> /)
    s.send('5')
    await s.expect(/written .*backups\/outpost-\d{8}T\d{6}Z\.opbk/)
    await s.expect(/choice> /)
    // a change made after the backup, which the restore must undo
    const later = newId<TenantId>()
    await outpost.deps.db
      .insertInto('tenants')
      .values({ id: later, name: 'after-backup', created_at: Date.now() })
      .execute()

    s.send('8')
    await s.expect(/to confirm> /)
    s.send('yes')
    await s.expect(/not confirmed; nothing was changed/)
    await s.expect(/choice> /)
    s.send('6')
    await s.expect(/passphrase or path|path of an archive> /)
    s.send('1')
    await s.expect(/passphrase \(empty: the appliance snapshot passphrase\)> /)
    s.send('not the passphrase')
    await s.expect(/restore refused: wrong passphrase; nothing was changed/)
    await s.expect(/choice> /)
    s.send('6')
    await s.expect(/path of an archive> /)
    s.send('1')
    await s.expect(/passphrase \(empty: the appliance snapshot passphrase\)> /)
    s.send('')
    await s.expect(/verified; the service restarts now/)
    expect(await s.exited).toBe(0)
    await new Promise((r) => setTimeout(r, 300))
    await restarted
    const names = (await outpost.deps.db.selectFrom('tenants').select('name').execute()).map(
      (t) => t.name,
    )
    expect(names).not.toContain('after-backup')
    // the restored trail ends at the snapshot; the restore itself is recorded on top of it
    expect(await auditActions('appliance.restore_applied')).toEqual(['success'])
  })

  it('throttles a brute force: after five wrong passwords even the right one is refused', async () => {
    for (let i = 0; i < 5; i++)
      expect(await sshConsole(outpost.recovery!.port, `guess-${i}`, work).exited).toBe(255)
    const s = sshConsole(outpost.recovery!.port, recoveryPassword(), work)
    expect(await s.exited).toBe(255)
    const rows = await auditRows(outpost.deps, (q) => q.where('action', '=', 'recovery.login'))
    expect(rows.some((r) => r.details_json.includes('rate limited'))).toBe(true)
  })
})
