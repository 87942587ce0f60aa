import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A self-signed certificate made with the openssl CLI in a temp dir. */
export interface TestCert {
  dir: string
  certFile: string
  keyFile: string
  cert: Buffer
  fingerprint256: string
  cleanup(): void
}

export function makeCert(cn = 'router.test'): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'ros-tls-'))
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=DNS:${cn},IP:127.0.0.1`,
    ],
    { stdio: 'ignore' },
  )
  const fp = execFileSync('openssl', ['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256'])
    .toString()
    .trim()
    .split('=')[1] as string
  const cert = execFileSync('cat', [certFile])
  return {
    dir,
    certFile,
    keyFile,
    cert,
    fingerprint256: fp,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** `openssl s_server` on 127.0.0.1, an independent TLS peer. Resolves once it listens. */
export function startOpenSslServer(args: string[]): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out)
      if (m) resolve({ port: Number(m[1]), proc })
    }
    proc.stdout?.on('data', onData)
    proc.stderr?.on('data', onData)
    proc.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)))
  })
}
