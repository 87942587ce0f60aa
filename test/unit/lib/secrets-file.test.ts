import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadOrCreateSecrets, SECRETS_FILE, StartupError } from '../../../src/lib/secrets-file.ts'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'outpost-secrets-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('loadOrCreateSecrets', () => {
  it('creates the data dir and a 0600 secrets file on first start', () => {
    const dir = join(root, 'data')
    const s = loadOrCreateSecrets(dir)
    expect(s.created).toBe(true)
    expect(s.tokenKey).toHaveLength(32)
    expect(s.masterKey).toHaveLength(32)
    const file = join(dir, SECRETS_FILE)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual([SECRETS_FILE])
    const json = JSON.parse(readFileSync(file, 'utf8'))
    expect(Buffer.from(json.masterKey, 'base64').equals(s.masterKey)).toBe(true)
  })
  it('returns the same secrets on the next start', () => {
    const a = loadOrCreateSecrets(root)
    const b = loadOrCreateSecrets(root)
    expect(b.created).toBe(false)
    expect(b.tokenKey.equals(a.tokenKey)).toBe(true)
    expect(b.masterKey.equals(a.masterKey)).toBe(true)
  })
  it('lets environment values win over the file', () => {
    loadOrCreateSecrets(root)
    const masterKey = Buffer.alloc(32, 5)
    const tokenSecret = Buffer.from('t'.repeat(40))
    const s = loadOrCreateSecrets(root, { masterKey, tokenSecret })
    expect(s.masterKey.equals(masterKey)).toBe(true)
    expect(s.tokenKey.equals(tokenSecret)).toBe(true)
  })
  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    [
      'a wrong version',
      JSON.stringify({ version: 2, tokenSecret: 'a', masterKey: 'b' }),
      /version/,
    ],
    [
      'a short master key',
      JSON.stringify({
        version: 1,
        tokenSecret: Buffer.alloc(32).toString('base64'),
        masterKey: Buffer.alloc(8).toString('base64'),
      }),
      /masterKey must decode to 32 bytes/,
    ],
    [
      'a missing token secret',
      JSON.stringify({ version: 1, masterKey: Buffer.alloc(32).toString('base64') }),
      /tokenSecret/,
    ],
  ])('refuses a secrets file with %s and leaves it untouched', (_what, content, message) => {
    const file = join(root, SECRETS_FILE)
    writeFileSync(file, content, { mode: 0o600 })
    expect(() => loadOrCreateSecrets(root)).toThrow(StartupError)
    expect(() => loadOrCreateSecrets(root)).toThrow(message)
    expect(() => loadOrCreateSecrets(root)).toThrow(/is malformed/)
    expect(readFileSync(file, 'utf8')).toBe(content)
    expect(readdirSync(root)).toEqual([SECRETS_FILE])
  })
  it('refuses to invent a new master key for an existing database', () => {
    const db = join(root, 'outpost.db')
    writeFileSync(db, '')
    expect(() => loadOrCreateSecrets(root, {}, db)).toThrow(
      /secrets file .* is missing but .*outpost\.db exists/,
    )
    expect(readdirSync(root)).toEqual(['outpost.db'])
    expect(loadOrCreateSecrets(root, { masterKey: Buffer.alloc(32, 3) }, db).masterKey).toEqual(
      Buffer.alloc(32, 3),
    )
  })
  it('refuses an unreadable secrets file', () => {
    mkdirSync(join(root, SECRETS_FILE))
    expect(() => loadOrCreateSecrets(root)).toThrow(/secrets file .* cannot be read \(EISDIR\)/)
  })
  it('refuses a data dir that cannot be created or written', () => {
    writeFileSync(join(root, 'file'), 'x')
    expect(() => loadOrCreateSecrets(join(root, 'file', 'data'))).toThrow(
      /data directory .* cannot be created \(ENOTDIR\)/,
    )
    expect(() => loadOrCreateSecrets(join(root, 'file'))).toThrow(
      /data directory .* (cannot be created|is not writable)/,
    )
    expect(existsSync(join(root, 'file', 'data'))).toBe(false)
  })
  it('warns when the secrets file is readable by others', () => {
    loadOrCreateSecrets(root)
    chmodSync(join(root, SECRETS_FILE), 0o644)
    expect(loadOrCreateSecrets(root).warnings[0]).toMatch(/readable by other users/)
  })
})
