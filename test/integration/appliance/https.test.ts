// HTTPS on its own port: a self-signed ECDSA certificate generated on first start and reused, the
// user's own pair (checked for expiry and key match, reloaded on SIGHUP), HSTS and Secure cookies
// under HTTPS, and the optional redirect of plain HTTP.
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { PeerCertificate, TLSSocket } from 'node:tls'
import { afterAll, describe, expect, it } from 'vitest'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { createSelfSigned } from '../../../src/tls/self-signed.ts'
import { freePort } from '../../support/free-port.ts'

const dirs: string[] = []
const running: RunningOutpost[] = []
afterAll(async () => {
  for (const o of running) await o.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'outpost-https-'))
  dirs.push(d)
  return d
}

const logLines: string[] = []
const capture = new Writable({
  write: (chunk, _enc, done) => {
    logLines.push(String(chunk))
    done()
  },
})

async function start(dataDir: string, extra: Record<string, string> = {}): Promise<RunningOutpost> {
  const o = await startOutpost(
    {
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_HTTPS_PORT: String(await freePort()),
      ...extra,
    },
    { logDestination: capture },
  )
  running.push(o)
  return o
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  cert: PeerCertificate
}

function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, rejectUnauthorized: false, agent: false },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate()
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, cert }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('HTTPS', () => {
  it('generates a self-signed ECDSA certificate on first start, logs its fingerprint and reuses it', async () => {
    const dir = tmp()
    const first = await start(dir)
    const tls = first.https!.tls()
    expect(tls.source).toBe('self-signed')
    const x = new X509Certificate(tls.cert)
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1')
    expect(x.subjectAltName).toContain('DNS:localhost')
    expect(logLines.some((l) => l.includes('https listening') && l.includes(tls.fingerprint))).toBe(
      true,
    )

    const page = await get(first.https!.port, '/login')
    expect(page.status).toBe(200)
    expect(page.cert.fingerprint256).toBe(tls.fingerprint)
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? [])
    expect(cookies.length).toBeGreaterThan(0)
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i)
    // plain HTTP keeps working for LAN use, without HSTS
    const plain = await fetch(`${first.url}/login`)
    expect(plain.status).toBe(200)
    expect(plain.headers.get('strict-transport-security')).toBeNull()
    await first.stop()

    const second = await start(dir)
    expect(second.https!.tls().fingerprint).toBe(tls.fingerprint)
    await second.stop()
  })

  it('redirects plain HTTP to HTTPS when asked, except the health checks', async () => {
    const o = await start(tmp(), { OUTPOST_HTTPS_REDIRECT: 'true' })
    const res = await fetch(`${o.url}/login?next=%2F`, { redirect: 'manual' })
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(`https://127.0.0.1:${o.https!.port}/login?next=%2F`)
    expect((await fetch(`${o.url}/health`)).status).toBe(200)
    await o.stop()
  })

  it("serves the user's own certificate and picks up a replaced one on reload (SIGHUP)", async () => {
    const dir = tmp()
    const a = createSelfSigned(['outpost.example'], 30)
    writeFileSync(join(dir, 'c.pem'), a.certPem)
    writeFileSync(join(dir, 'k.pem'), a.keyPem)
    const o = await start(dir, {
      OUTPOST_TLS_CERT: join(dir, 'c.pem'),
      OUTPOST_TLS_KEY: join(dir, 'k.pem'),
    })
    expect(o.https!.tls().source).toBe('user')
    expect((await get(o.https!.port, '/health')).cert.fingerprint256).toBe(
      new X509Certificate(a.certPem).fingerprint256,
    )

    // a broken replacement is refused and the old certificate stays in service
    writeFileSync(join(dir, 'k.pem'), createSelfSigned(['other'], 30).keyPem)
    o.reloadTls()
    expect((await get(o.https!.port, '/health')).cert.fingerprint256).toBe(
      new X509Certificate(a.certPem).fingerprint256,
    )

    const b = createSelfSigned(['outpost.example'], 60)
    writeFileSync(join(dir, 'c.pem'), b.certPem)
    writeFileSync(join(dir, 'k.pem'), b.keyPem)
    o.reloadTls()
    expect((await get(o.https!.port, '/health')).cert.fingerprint256).toBe(
      new X509Certificate(b.certPem).fingerprint256,
    )
    await o.stop()
  })

  it('refuses to start with an expired or mismatched user certificate, saying which', async () => {
    const dir = tmp()
    const expired = createSelfSigned(['old'], 1, new Date(Date.now() - 10 * 86_400_000))
    writeFileSync(join(dir, 'old.pem'), expired.certPem)
    writeFileSync(join(dir, 'old.key'), expired.keyPem)
    await expect(
      start(dir, { OUTPOST_TLS_CERT: join(dir, 'old.pem'), OUTPOST_TLS_KEY: join(dir, 'old.key') }),
    ).rejects.toThrow(/TLS certificate .*old\.pem expired on/)
    const other = createSelfSigned(['x'], 30)
    const mine = createSelfSigned(['y'], 30)
    writeFileSync(join(dir, 'mine.pem'), mine.certPem)
    writeFileSync(join(dir, 'other.key'), other.keyPem)
    await expect(
      start(dir, {
        OUTPOST_TLS_CERT: join(dir, 'mine.pem'),
        OUTPOST_TLS_KEY: join(dir, 'other.key'),
      }),
    ).rejects.toThrow(/mine\.pem does not match its key/)
    await expect(start(dir, { OUTPOST_TLS_CERT: join(dir, 'mine.pem') })).rejects.toThrow(
      /OUTPOST_TLS_CERT and OUTPOST_TLS_KEY must be set together/,
    )
  })
})
