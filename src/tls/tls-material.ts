// Where the HTTPS certificate comes from: the user's own pair (OUTPOST_TLS_CERT/KEY, checked for
// expiry and for matching the key, reloaded on SIGHUP) or a self-signed pair generated on first
// start into <dataDir>/tls and reused while it has more than 30 days left.
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname, networkInterfaces } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../config.ts'
import { StartupError } from '../lib/secrets-file.ts'
import { createSelfSigned } from './self-signed.ts'

const SELF_SIGNED_DAYS = 825
const RENEW_BEFORE_MS = 30 * 86_400_000

export interface TlsMaterial {
  readonly cert: string
  readonly key: string
  /** SHA-256 fingerprint as browsers show it (AA:BB:...) */
  readonly fingerprint: string
  readonly source: 'self-signed' | 'user'
  readonly validTo: Date
  readonly names: string
}

export function tlsDir(dataDir: string): string {
  return join(dataDir, 'tls')
}

/**
 * Throws StartupError with a clear message for a missing, expired or mismatched user pair.
 * @example const tls = loadTlsMaterial(config)
 */
export function loadTlsMaterial(
  config: Pick<Config, 'tls' | 'dataDir' | 'host'>,
  now = new Date(),
): TlsMaterial {
  if (config.tls !== undefined) return loadUserPair(config.tls.certFile, config.tls.keyFile, now)
  const dir = tlsDir(config.dataDir)
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const existing = check(
        readFileSync(certFile, 'utf8'),
        readFileSync(keyFile, 'utf8'),
        'self-signed',
        now,
      )
      if (existing.validTo.getTime() - now.getTime() > RENEW_BEFORE_MS) return existing
    } catch {
      // an unreadable or stale generated pair is simply replaced
    }
  }
  const pair = createSelfSigned(certificateNames(config.host), SELF_SIGNED_DAYS, now)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeAtomic(keyFile, pair.keyPem, 0o600)
  writeAtomic(certFile, pair.certPem, 0o644)
  return check(pair.certPem, pair.keyPem, 'self-signed', now)
}

function loadUserPair(certFile: string, keyFile: string, now: Date): TlsMaterial {
  const read = (file: string, what: string): string => {
    try {
      return readFileSync(file, 'utf8')
    } catch (err) {
      throw new StartupError(
        `TLS ${what} ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      )
    }
  }
  return check(read(certFile, 'certificate'), read(keyFile, 'key'), 'user', now, certFile)
}

function check(
  cert: string,
  key: string,
  source: TlsMaterial['source'],
  now: Date,
  where = 'certificate',
): TlsMaterial {
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch {
    throw new StartupError(`TLS certificate ${where} is not a PEM certificate`)
  }
  let privateKey
  try {
    privateKey = createPrivateKey(key)
  } catch {
    throw new StartupError(
      `TLS key for ${where} is not a readable PEM private key (encrypted keys are not supported)`,
    )
  }
  const validTo = new Date(x509.validTo)
  if (validTo.getTime() <= now.getTime()) {
    throw new StartupError(`TLS certificate ${where} expired on ${validTo.toISOString()}`)
  }
  if (new Date(x509.validFrom).getTime() > now.getTime()) {
    throw new StartupError(
      `TLS certificate ${where} is not valid before ${new Date(x509.validFrom).toISOString()}`,
    )
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new StartupError(`TLS certificate ${where} does not match its key`)
  }
  return Object.freeze({
    cert,
    key,
    fingerprint: x509.fingerprint256,
    source,
    validTo,
    names: x509.subjectAltName ?? '',
  })
}

/** The host name, localhost and every address of this box (or the one OUTPOST_HOST binds to). */
export function certificateNames(host: string): string[] {
  const names = [hostname(), 'localhost']
  if (host !== '0.0.0.0' && host !== '::') names.push(host)
  else {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.push(a.address.split('%')[0]!)
    }
  }
  names.push('127.0.0.1', '::1')
  return [...new Set(names)]
}

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, text, { mode })
  renameSync(tmp, file)
}
