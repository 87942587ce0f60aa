import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import net from 'node:net'
import type { ChildProcess } from 'node:child_process'
import { normalizeFingerprint, openTransport } from '../../../src/routeros/transport.ts'
import type { TlsMode } from '../../../src/routeros/transport.ts'
import { makeCert, startOpenSslServer } from './tls-peer.ts'
import type { TestCert } from './tls-peer.ts'

let cert: TestCert
let other: TestCert
let certPort = 0
let adhPort = 0
const procs: ChildProcess[] = []

beforeAll(async () => {
  cert = makeCert()
  other = makeCert('other.test')
  const withCert = await startOpenSslServer(['-cert', cert.certFile, '-key', cert.keyFile])
  const adh = await startOpenSslServer(['-nocert', '-cipher', 'ADH:@SECLEVEL=0', '-tls1_2'])
  procs.push(withCert.proc, adh.proc)
  certPort = withCert.port
  adhPort = adh.port
})

afterAll(() => {
  for (const p of procs) p.kill()
  cert.cleanup()
  other.cleanup()
})

async function tryConnect(port: number, tls: TlsMode | undefined, timeoutMs = 5000) {
  try {
    const s = await openTransport({
      host: '127.0.0.1',
      port,
      ...(tls ? { tls } : {}),
      connectTimeoutMs: timeoutMs,
    })
    const encrypted = 'encrypted' in s
    s.destroy()
    return { ok: true as const, encrypted }
  } catch (e) {
    return { ok: false as const, error: e as Error & { code?: string } }
  }
}

describe('TLS modes against openssl s_server', () => {
  it('verify: accepts a certificate signed by the given CA (checking the IP SAN)', async () => {
    expect(await tryConnect(certPort, { mode: 'verify', ca: cert.cert })).toEqual({
      ok: true,
      encrypted: true,
    })
  })
  it('verify: refuses a certificate from another CA', async () => {
    const r = await tryConnect(certPort, { mode: 'verify', ca: other.cert })
    expect(r.ok).toBe(false)
    expect(r.ok ? '' : r.error.code).toBe('tls')
  })
  it('verify: checks the host name unless told not to', async () => {
    const wrong = await tryConnect(certPort, {
      mode: 'verify',
      ca: cert.cert,
      servername: 'nope.test',
    })
    expect(wrong.ok ? '' : wrong.error.message).toMatch(/TLS with 127\.0\.0\.1:\d+ failed/)
    const off = await tryConnect(certPort, {
      mode: 'verify',
      ca: cert.cert,
      servername: 'nope.test',
      checkHostname: false,
    })
    expect(off.ok).toBe(true)
  })
  it('pin: accepts the pinned fingerprint in any notation', async () => {
    const fp = cert.fingerprint256.replace(/:/g, '').toLowerCase()
    expect((await tryConnect(certPort, { mode: 'pin', fingerprint256: fp })).ok).toBe(true)
  })
  it('pin: a different fingerprint fails and names both', async () => {
    const r = await tryConnect(certPort, { mode: 'pin', fingerprint256: other.fingerprint256 })
    expect(r.ok).toBe(false)
    const msg = r.ok ? '' : r.error.message
    expect(msg).toContain(normalizeFingerprint(other.fingerprint256))
    expect(msg).toContain(normalizeFingerprint(cert.fingerprint256))
  })
  it('insecure: accepts a self-signed certificate', async () => {
    expect((await tryConnect(certPort, { mode: 'insecure' })).ok).toBe(true)
  })
  it('certless: anonymous DH works; a certificate mode against it fails with tls', async () => {
    expect(await tryConnect(adhPort, { mode: 'certless' })).toEqual({ ok: true, encrypted: true })
    const r = await tryConnect(adhPort, { mode: 'insecure' })
    expect(r.ok ? '' : r.error.code).toBe('tls')
  })
})

describe('connect failures', () => {
  it('refused: nothing listens on the port', async () => {
    const srv = net.createServer().listen(0, '127.0.0.1')
    await new Promise((r) => srv.once('listening', r))
    const port = (srv.address() as net.AddressInfo).port
    await new Promise((r) => srv.close(r))
    const r = await tryConnect(port, undefined)
    expect(r.ok ? '' : r.error.code).toBe('refused')
  })
  it('timeout: a peer that accepts TCP but never answers the TLS handshake', async () => {
    const sockets: net.Socket[] = []
    const srv = net.createServer((s) => sockets.push(s)).listen(0, '127.0.0.1')
    await new Promise((r) => srv.once('listening', r))
    const port = (srv.address() as net.AddressInfo).port
    const r = await tryConnect(port, { mode: 'insecure' }, 300)
    expect(r.ok ? '' : r.error.code).toBe('connect_timeout')
    for (const s of sockets) s.destroy()
    await new Promise((res) => srv.close(res))
  })
  it('TLS to a plain-text peer fails cleanly with a TLS error', async () => {
    const srv = net.createServer((s) => s.resume().end('not tls at all\n')).listen(0, '127.0.0.1')
    await new Promise((r) => srv.once('listening', r))
    const r = await tryConnect((srv.address() as net.AddressInfo).port, { mode: 'insecure' })
    expect(r.ok ? '' : r.error.code).toBe('tls')
    await new Promise((res) => srv.close(res))
  })
})
