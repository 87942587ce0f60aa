// A factory reset staged by the recovery console is applied at the next start: users, devices,
// secrets and the generated certificate are gone and a new first admin exists; the recovery
// credentials and the local snapshots are kept.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { FACTORY_RESET_MARKER } from '../../../src/recovery/recovery.service.ts'
import { startOutpost } from '../../../src/startup.ts'
import { freePort } from '../../support/free-port.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-reset-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const silent = new Writable({ write: (_c, _e, done) => done() })

describe('factory reset', () => {
  it('wipes the data but keeps recovery credentials and snapshots', async () => {
    const env = {
      OUTPOST_DATA_DIR: dir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_RECOVERY_PORT: String(await freePort()),
      OUTPOST_HTTPS_PORT: String(await freePort()),
    }
    const a = await startOutpost(env, { logDestination: silent })
    const before = await a.deps.db.selectFrom('users').select('id').execute()
    const masterKey = a.deps.secrets.masterKey
    const fingerprint = a.https!.tls().fingerprint
    await a.stop()
    const recoveryPassword = readFileSync(join(dir, 'recovery-password'), 'utf8')
    mkdirSync(join(dir, 'backups'))
    writeFileSync(join(dir, 'backups', 'outpost-20260101T000000Z.opbk'), 'kept')
    writeFileSync(join(dir, FACTORY_RESET_MARKER), 'now\n')

    const b = await startOutpost(env, { logDestination: silent })
    const after = await b.deps.db.selectFrom('users').select('id').execute()
    expect(after).toHaveLength(1)
    expect(after[0]!.id).not.toBe(before[0]!.id)
    expect(b.deps.secrets.masterKey.equals(masterKey)).toBe(false)
    expect(b.https!.tls().fingerprint).not.toBe(fingerprint)
    expect(existsSync(join(dir, FACTORY_RESET_MARKER))).toBe(false)
    expect(readFileSync(join(dir, 'recovery-password'), 'utf8')).toBe(recoveryPassword)
    expect(readFileSync(join(dir, 'backups', 'outpost-20260101T000000Z.opbk'), 'utf8')).toBe('kept')
    await b.stop()
  })
})
