import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureInitialAdmin, INITIAL_PASSWORD_FILE } from '../../../src/auth/index.ts'
import { createLogger } from '../../../src/log.ts'
import { makeUser, signIn } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let logLines: string[]
beforeEach(async () => {
  logLines = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  t = await createTestApp({ log: createLogger({ level: 'info', destination }) })
})
afterEach(() => t.close())

describe('ensureInitialAdmin', () => {
  it('creates admin with a one-time password, written 0600 to the data dir and logged once', async () => {
    const result = await ensureInitialAdmin(t.deps)
    expect(result.created).toBe(true)
    const file = join(t.deps.dir, INITIAL_PASSWORD_FILE)
    const content = readFileSync(file, 'utf8')
    expect(content).toMatch(/^\S{16,}\n$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const password = content.trim()
    const mentions = logLines.filter((l) => l.includes(password))
    expect(mentions).toHaveLength(1)
    expect(mentions[0]).toContain('initial admin created')
    const user = await t.deps.db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
    expect(user).toMatchObject({ username: 'admin', is_super_admin: 1, must_change_password: 1 })
    expect(user.password_hash).toMatch(/^\$argon2id\$/)
    expect(user.password_hash).not.toContain(password)
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_kind']).execute()
    expect(audit).toContainEqual({ action: 'auth.initial_admin_created', actor_kind: 'system' })
  })

  it('signs in with the one-time password and must change it first', async () => {
    await ensureInitialAdmin(t.deps)
    const password = readFileSync(join(t.deps.dir, INITIAL_PASSWORD_FILE), 'utf8').trim()
    const agent = t.agent()
    const res = await signIn(agent, 'admin', password)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account/password')
  })

  it('does nothing on the next start', async () => {
    await ensureInitialAdmin(t.deps)
    expect(await ensureInitialAdmin(t.deps)).toEqual({ created: false, reason: 'already_created' })
    const users = await t.deps.db.selectFrom('users').select('id').execute()
    expect(users).toHaveLength(1)
  })

  it('never re-creates admin after it was deleted', async () => {
    await ensureInitialAdmin(t.deps)
    await t.deps.db.deleteFrom('users').execute()
    expect(await ensureInitialAdmin(t.deps)).toEqual({ created: false, reason: 'already_created' })
    expect(await t.deps.db.selectFrom('users').select('id').execute()).toHaveLength(0)
  })

  it('is not created when users already exist, nor later when they are gone', async () => {
    await makeUser(t.deps)
    expect(await ensureInitialAdmin(t.deps)).toEqual({ created: false, reason: 'users_exist' })
    await t.deps.db.deleteFrom('users').execute()
    expect((await ensureInitialAdmin(t.deps)).created).toBe(false)
  })

  it('replaces a stale password file with a fresh 0600 one', async () => {
    const file = join(t.deps.dir, INITIAL_PASSWORD_FILE)
    writeFileSync(file, 'old\n', { mode: 0o644 })
    chmodSync(file, 0o644)
    const result = await ensureInitialAdmin(t.deps)
    expect(result.created).toBe(true)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).not.toContain('old')
  })

  it('creates no admin when the password file cannot be written', async () => {
    mkdirSync(join(t.deps.dir, INITIAL_PASSWORD_FILE)) // a directory in the way
    await expect(ensureInitialAdmin(t.deps)).rejects.toThrow()
    expect(await t.deps.db.selectFrom('users').select('id').execute()).toHaveLength(0)
    expect(logLines.join('')).not.toContain('oneTimeLogin')
  })
})
