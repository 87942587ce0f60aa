/**
 * Certificates of a simulated router: `/certificate import file-name=… passphrase=… [name=…]`
 * reads a PEM file (uploaded over SFTP or written with `/file`) holding a certificate and,
 * optionally, its private key, and adds it to `/certificate`; `/ip service set api-ssl
 * certificate=<name>` then makes the API-SSL listener present that certificate, as RouterOS does.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto'
import tls from 'node:tls'
import type { ExecResult } from './commands.ts'
import type { SimRouter } from './device.ts'
import { requirePolicy, type ExecContext } from './policy.ts'
import { Trap, TRAP } from './trap.ts'

interface Material {
  cert: string
  key: string | null
  context?: tls.SecureContext
}

// Per device, outside the config tree: an export never shows private keys, and neither does this.
const stores = new WeakMap<SimRouter, Map<string, Material>>()
const storeOf = (dev: SimRouter) => {
  let s = stores.get(dev)
  if (!s) stores.set(dev, (s = new Map()))
  return s
}

const PEM = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g

/** `/certificate import`: the file's first certificate and its matching private key. */
export function certificateImport(
  dev: SimRouter,
  a: Record<string, string>,
  ctx: ExecContext,
): ExecResult {
  requirePolicy(ctx, 'write', 'sensitive')
  const fileName = a['file-name'] ?? ''
  const f = dev.readFile(fileName)
  if (!f) throw new Trap('failure: no such file', 4)
  const blocks = [...f.contents.matchAll(PEM)]
  const certPem = blocks.find((b) => b[1] === 'CERTIFICATE')?.[0]
  if (!certPem) throw new Trap('failure: no certificates found in file', 4)
  const keyPem = blocks.find((b) => (b[1] ?? '').endsWith('PRIVATE KEY'))?.[0] ?? null
  const x509 = new X509Certificate(certPem)
  if (keyPem !== null && !x509.checkPrivateKey(createPrivateKey(keyPem)))
    throw new Trap('failure: private key does not match the certificate', 4)
  const name = a.name && a.name !== '' ? a.name : `${fileName}_0`
  if (dev.tree.list('/certificate').some((e) => e.props.name === name)) throw TRAP.alreadyHaveName()
  dev.tree.add('/certificate', {
    name,
    'common-name': /CN=([^\n,]+)/.exec(x509.subject)?.[1] ?? '',
    fingerprint: createHash('sha256').update(x509.raw).digest('hex'),
    'private-key': keyPem !== null ? 'true' : 'false',
    trusted: 'false',
    'invalid-after': new Date(x509.validTo).toISOString(),
  })
  storeOf(dev).set(name, { cert: certPem, key: keyPem })
  dev.addLog('system,info', `certificate ${name} imported by ${ctx.user}`)
  return { ret: `certificates-imported: 1 private-keys-imported: ${keyPem !== null ? 1 : 0}` }
}

/** Refuses `certificate=` on `/ip/service` when no such certificate (with its key) exists. */
export function checkServiceCertificate(
  dev: SimRouter,
  path: string,
  props: Record<string, string>,
): void {
  const name = props.certificate
  if (path !== '/ip/service' || name === undefined || name === 'none') return
  if (storeOf(dev).get(name)?.key == null) throw TRAP.noMatch('certificate')
}

/** The TLS context of the certificate `/ip service api-ssl` names, or undefined (the default). */
export function apiSslContext(dev: SimRouter): tls.SecureContext | undefined {
  const svc = dev.tree.list('/ip/service').find((e) => e.props.name === 'api-ssl')
  const name = svc?.props.certificate
  if (!name || name === 'none') return undefined
  const m = storeOf(dev).get(name)
  if (!m || m.key === null) return undefined
  m.context ??= tls.createSecureContext({ cert: m.cert, key: m.key, minVersion: 'TLSv1.2' })
  return m.context
}
