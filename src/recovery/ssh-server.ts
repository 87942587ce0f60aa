// The SSH recovery console: an ssh2 server on its own port, user "recovery", password or key
// from the data directory. Failed sign-ins are rate limited per address (5 a minute) and every
// sign-in attempt is audited (once per window while an address is throttled).
import type { AddressInfo } from 'node:net'
import ssh2, { type Connection } from 'ssh2'
import type { Config } from '../config.ts'
import { StartupError } from '../lib/secrets-file.ts'
import { loadRecoveryCredentials } from './credentials.ts'
import { LineReader } from './line-reader.ts'
import { runMenu } from './menu.ts'
import { audit, type RecoveryContext } from './recovery.service.ts'

export const RECOVERY_USER = 'recovery'
const FAILURES_PER_WINDOW = 5
const WINDOW_MS = 60_000

export interface RecoveryServer {
  readonly port: number
  readonly hostKeyFingerprint: string
  stop(): Promise<void>
}

type ContextFor = (ip: string) => RecoveryContext

/** @example const recovery = await startRecoveryServer(config, (ip) => ({ deps, ip, ... })) */
export function startRecoveryServer(
  config: Config,
  contextFor: ContextFor,
): Promise<RecoveryServer> {
  const creds = loadRecoveryCredentials(config.dataDir)
  const failures = new Map<string, { times: number[]; audited: boolean }>()
  const clients = new Set<Connection>()

  const throttled = (ip: string, now: number): boolean => {
    const entry = failures.get(ip)
    if (entry === undefined) return false
    entry.times = entry.times.filter((t) => t > now - WINDOW_MS)
    if (entry.times.length === 0) failures.delete(ip)
    return entry.times.length >= FAILURES_PER_WINDOW
  }

  const server = new ssh2.Server(
    { hostKeys: [creds.hostKey], ident: 'OutpostRecovery' },
    (client, info) => {
      clients.add(client)
      client.on('close', () => clients.delete(client))
      client.on('error', () => clients.delete(client))
      const ctx = contextFor(info.ip)
      client.on('authentication', (auth) => {
        if (auth.method === 'none') return auth.reject(['password', 'publickey'])
        const now = Date.now()
        if (throttled(info.ip, now)) {
          const entry = failures.get(info.ip)!
          if (!entry.audited) {
            entry.audited = true
            void audit(ctx, 'recovery.login', 'failure', {
              details: { reason: 'rate limited' },
            }).catch(() => {})
          }
          return auth.reject()
        }
        let ok: boolean
        if (auth.method === 'password')
          ok = auth.username === RECOVERY_USER && creds.checkPassword(auth.password)
        else if (auth.method === 'publickey') {
          if (
            auth.username !== RECOVERY_USER ||
            !creds.isAuthorizedKey(auth.key.algo, auth.key.data)
          )
            ok = false
          // the client first asks whether the key would do, then signs
          else if (auth.signature === undefined) return auth.accept()
          else {
            const key = ssh2.utils.parseKey(auth.key.data)
            ok =
              !(key instanceof Error) &&
              (Array.isArray(key) ? key[0]! : key).verify(auth.blob!, auth.signature, auth.hashAlgo)
          }
        } else return auth.reject(['password', 'publickey'])
        void audit(ctx, 'recovery.login', ok ? 'success' : 'failure', {
          details: { method: auth.method, user: auth.username },
        }).catch(() => {})
        if (ok) return auth.accept()
        const entry = failures.get(info.ip) ?? { times: [], audited: false }
        entry.times.push(now)
        failures.set(info.ip, entry)
        auth.reject()
      })
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept()
          session.on('pty', (acceptPty) => acceptPty?.())
          session.on('exec', (_accept, reject) => reject())
          session.on('shell', (acceptShell) => {
            const stream = acceptShell()
            const io = new LineReader(stream)
            runMenu(ctx, io)
              .catch((err: unknown) =>
                ctx.deps.log.error({ err: (err as Error).message }, 'recovery console failed'),
              )
              .finally(() => {
                io.write('bye\n')
                stream.exit(0)
                stream.end()
              })
          })
        })
      })
    },
  )

  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          `cannot listen for the recovery console on ${config.host}:${config.recoveryPort} (${err.code ?? err.message})`,
          { cause: err },
        ),
      ),
    )
    server.listen(config.recoveryPort, config.host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        hostKeyFingerprint: creds.hostKeyFingerprint,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            for (const c of clients) c.end()
          }),
      })
    })
  })
}
