// The recovery console's own credentials, all in the data directory: a password generated on
// first start (recovery-password, 0600, alone on a line, like the admin's one-time password),
// optional public keys (recovery_authorized_keys, OpenSSH format) and the SSH host key.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ssh2 from 'ssh2'

export const RECOVERY_PASSWORD_FILE = 'recovery-password'
export const RECOVERY_KEYS_FILE = 'recovery_authorized_keys'
const HOST_KEY_FILE = 'recovery_host_key'

export interface RecoveryCredentials {
  readonly hostKey: string
  /** SHA256:… as OpenSSH prints it */
  readonly hostKeyFingerprint: string
  checkPassword(candidate: string): boolean
  /** true when the offered public key is listed in recovery_authorized_keys (re-read each time) */
  isAuthorizedKey(algo: string, data: Buffer): boolean
}

/** @example const creds = loadRecoveryCredentials(config.dataDir) */
export function loadRecoveryCredentials(dataDir: string): RecoveryCredentials {
  const passwordFile = join(dataDir, RECOVERY_PASSWORD_FILE)
  if (!existsSync(passwordFile)) {
    writeFileSync(passwordFile, `${randomBytes(15).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    })
  }
  const hostKeyFile = join(dataDir, HOST_KEY_FILE)
  if (!existsSync(hostKeyFile)) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519')
    writeFileSync(hostKeyFile, pair.private, { mode: 0o600, flag: 'wx' })
  }
  const hostKey = readFileSync(hostKeyFile, 'utf8')
  const parsed = ssh2.utils.parseKey(hostKey)
  if (parsed instanceof Error) throw parsed
  const blob = (Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH()
  const hostKeyFingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
  return {
    hostKey,
    hostKeyFingerprint,
    checkPassword(candidate) {
      // re-read: the owner may have replaced the file; an empty file disables password sign-in
      const expected = Buffer.from(readFileSync(passwordFile, 'utf8').trim())
      const given = Buffer.from(candidate)
      return (
        expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given)
      )
    },
    isAuthorizedKey(algo, data) {
      const file = join(dataDir, RECOVERY_KEYS_FILE)
      if (!existsSync(file)) return false
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '' || line.trim().startsWith('#')) continue
        const key = ssh2.utils.parseKey(line.trim())
        if (key instanceof Error) continue
        const k = Array.isArray(key) ? key[0]! : key
        if (k.type === algo && k.getPublicSSH().equals(data)) return true
      }
      return false
    },
  }
}
