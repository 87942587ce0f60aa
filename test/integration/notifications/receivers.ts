// Real peers for the notification tests: an HTTP receiver on loopback that records every request
// (and can answer 500 or hang), and a real SMTP server (Debian's python3-aiosmtpd) writing what it
// receives to a Maildir, optionally with STARTTLS or implicit TLS on a self-signed certificate.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createConnection, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Received {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
  at: number
}

export type Answer = { status: number; body?: string } | 'hang'

export interface Receiver {
  url: string
  port: number
  received: Received[]
  /** what to answer next (default 200 `{"ok":true}`) */
  answer: Answer
  /** resolves once `n` requests have arrived */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>()
  const r: Receiver = {
    url: '',
    port: 0,
    received: [],
    answer: { status: 200, body: '{"ok":true}' },
    async waitFor(n, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs
      while (r.received.length < n) {
        if (Date.now() > end) throw new Error(`receiver got ${r.received.length} of ${n} requests`)
        await new Promise((res) => setTimeout(res, 10))
      }
      return r.received
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      r.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      })
      const a = r.answer
      if (a === 'hang') {
        hanging.add(res)
        return
      }
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  r.port = (server.address() as AddressInfo).port
  r.url = `http://127.0.0.1:${r.port}`
  return r
}

export interface SmtpServer {
  port: number
  maildir: string
  /** the raw messages received so far */
  messages(): string[]
  waitFor(n: number, timeoutMs?: number): Promise<string[]>
  close(): Promise<void>
}

/** A free loopback port (closed again; aiosmtpd binds it right after). */
export async function freeTcpPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  )
  return { cert, key }
}

async function waitListening(port: number, proc: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`aiosmtpd exited with ${proc.exitCode}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > end) throw new Error('aiosmtpd did not start')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Starts `/usr/bin/python3 -m aiosmtpd` on loopback; `tls`: STARTTLS offered and required, or implicit TLS. */
export async function startSmtp(tls: 'none' | 'starttls' | 'tls' = 'none'): Promise<SmtpServer> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-smtp-'))
  const maildir = join(dir, 'Maildir')
  const port = await freeTcpPort()
  const args = ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`]
  if (tls !== 'none') {
    const { cert, key } = selfSigned(dir)
    args.push(
      ...(tls === 'tls'
        ? ['--smtpscert', cert, '--smtpskey', key]
        : ['--tlscert', cert, '--tlskey', key]),
    )
  }
  args.push('-c', 'aiosmtpd.handlers.Mailbox', maildir)
  const proc = spawn('/usr/bin/python3', args, { stdio: 'ignore' })
  await waitListening(port, proc)
  const messages = () => {
    try {
      return readdirSync(join(maildir, 'new'))
        .sort()
        .map((f) => readFileSync(join(maildir, 'new', f), 'utf8'))
    } catch {
      return []
    }
  }
  return {
    port,
    maildir,
    messages,
    async waitFor(n, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs
      while (messages().length < n) {
        if (Date.now() > end) throw new Error(`smtp got ${messages().length} of ${n} messages`)
        await new Promise((r) => setTimeout(r, 25))
      }
      return messages()
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve()
        proc.once('exit', () => resolve())
        proc.kill('SIGTERM')
      }),
  }
}
