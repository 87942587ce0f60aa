/**
 * TLS contexts for API-SSL, shared by every simulated device in the process: a self-signed
 * certificate (generated once with the `openssl` command line tool) and a certificate-less
 * anonymous-DH context (`ADH:@SECLEVEL=0`, TLS 1.2 only), as a router without a certificate offers.
 */
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'

export interface SimCertificate {
  cert: string
  key: string
  /** SHA-256 fingerprint as Node prints it (`AB:CD:…`). */
  fingerprint256: string
}

let certificate: SimCertificate | undefined
let certContext: tls.SecureContext | undefined
let adhContext: tls.SecureContext | undefined

/** The process-wide self-signed certificate (CN=routeros-sim), created on first use. */
export function simCertificate(): SimCertificate {
  if (certificate) return certificate
  const dir = mkdtempSync(join(tmpdir(), 'sim-cert-'))
  try {
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '3650',
        '-subj',
        '/CN=routeros-sim',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    )
    const pem = readFileSync(cert, 'utf8')
    certificate = {
      cert: pem,
      key: readFileSync(key, 'utf8'),
      fingerprint256: new X509Certificate(pem).fingerprint256,
    }
    return certificate
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function simSecureContext(mode: 'cert' | 'adh'): tls.SecureContext {
  if (mode === 'adh') {
    adhContext ??= tls.createSecureContext({
      ciphers: 'ADH:@SECLEVEL=0',
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      dhparam: 'auto',
    })
    return adhContext
  }
  if (!certContext) {
    const c = simCertificate()
    certContext = tls.createSecureContext({ cert: c.cert, key: c.key, minVersion: 'TLSv1.2' })
  }
  return certContext
}
