/**
 * SSH server of a simulated device (ssh2): password (and empty-password) login against the
 * device's users with the `ssh` policy, exec of console commands without a PTY (`/export`, prints,
 * menu commands), an interactive console on a shell channel (shell.ts), SFTP on the device's file store. Identifies as `SSH-2.0-ROSSSH` with a stable
 * ed25519 host key. Goes away while the device reboots and listens again on the same port.
 * Faults (switchable at run time): slow, truncated or endless export on the
 * handle; the device's `unreachable` (refused / silently dropped), `loginFailure`, `latencyMs`
 * (delay before a command's output) and `stall` (commands never answer) faults too.
 */
import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import ssh2 from 'ssh2'
import type { AuthContext, Connection, ServerChannel } from 'ssh2'
import { admission } from '../device/access-rules.ts'
import type { SimRouter } from '../device/device.ts'
import type { ExecContext } from '../device/policy.ts'
import { findUser, groupPolicies } from '../device/users.ts'
import { runCliCommands } from './cli-command.ts'
import { deriveHostKey } from './host-key.ts'
import { serveShell } from './shell.ts'
import { serveSftp } from './sftp.ts'

export interface SshFaults {
  /** Export output is sent in chunks of this many bytes… */
  exportChunkBytes?: number
  /** …with this delay (real ms) between chunks. */
  exportChunkDelayMs?: number
  /** The connection drops after this many bytes of export output. */
  truncateExportAfterBytes?: number
  /** Export output never ends (written as fast as the client reads, until it closes). */
  endlessExport?: boolean
}

export interface SshServerOptions {
  host: string
  port: number
  /** Called with errors that do not stop the server (bad clients, protocol errors). */
  onError?: (err: Error) => void
}

export interface SshServerHandle {
  readonly port: number
  readonly hostKey: { publicKey: string; fingerprint: string }
  faults: SshFaults
  /** Resolves once the listener follows the latest device state and fault change. */
  settled(): Promise<void>
  close(): Promise<void>
}

export async function startSshServer(
  dev: SimRouter,
  opts: SshServerOptions,
): Promise<SshServerHandle> {
  const key = deriveHostKey(dev.serialNumber || dev.softwareId || dev.name)
  const clients = new Map<Connection, string>()
  const held = new Set<Socket>()
  const state = { faults: {} as SshFaults, port: opts.port, closed: false }
  const ssh = new ssh2.Server({ hostKeys: [key.privateKey], ident: 'ROSSSH' }, (client, info) => {
    clients.set(client, info.ip)
    handleClient(dev, client, info.ip, () => state.faults, opts.onError)
    client.on('close', () => clients.delete(client))
  })
  let listener: Server | undefined
  const verdict = (address: string, state: 'new' | 'established') =>
    admission(dev, { address, local: opts.host, service: 'ssh', state })
  const onSocket = (sock: Socket): void => {
    const v = verdict(sock.remoteAddress ?? '', 'new')
    if (v === 'refused') return void sock.destroy()
    if (dev.faults.settings.unreachable === 'drop' || v === 'dropped') {
      held.add(sock)
      sock.on('error', () => {})
      sock.on('close', () => held.delete(sock))
      return
    }
    // like OpenSSH and RouterOS for interactive sessions: a typed character goes out at once
    sock.setNoDelay(true)
    ssh.injectSocket(sock)
  }
  const dropAll = (): void => {
    for (const c of clients.keys()) c.end()
    for (const s of held) s.destroy()
  }
  let chain = Promise.resolve()
  const reconcile = (): Promise<void> => {
    chain = chain
      .then(async () => {
        const want =
          !state.closed && dev.state === 'up' && dev.faults.settings.unreachable !== 'refused'
        if (!want) dropAll()
        if (want && !listener) {
          listener = await listen(onSocket, opts.host, state.port)
          state.port = (listener.address() as AddressInfo).port
        } else if (!want && listener) {
          const l = listener
          listener = undefined
          await new Promise<void>((res) => l.close(() => res()))
        }
      })
      .catch((err: Error) => opts.onError?.(err))
    return chain
  }
  await listen(onSocket, opts.host, state.port).then((l) => {
    listener = l
    state.port = (l.address() as AddressInfo).port
  })
  const offState = dev.onState(() => void reconcile())
  const offFaults = dev.faults.onChange(() => void reconcile())
  // a config change that locks the appliance out cuts its SSH sessions too
  const offConfig = dev.onConfigChange(() => {
    if (dev.state !== 'up') return
    for (const [c, ip] of clients) if (verdict(ip, 'established') !== 'ok') drop(c)
  })
  return {
    get port() {
      return state.port
    },
    hostKey: { publicKey: key.publicKey, fingerprint: key.fingerprint },
    get faults() {
      return state.faults
    },
    set faults(f: SshFaults) {
      state.faults = f
    },
    settled: () => chain,
    close: async () => {
      state.closed = true
      offState()
      offFaults()
      offConfig()
      await reconcile()
    },
  }
}

function listen(onSocket: (s: Socket) => void, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onSocket)
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

function checkLogin(dev: SimRouter, user: string, password: string): ExecContext | undefined {
  if (dev.faults.settings.loginFailure) return undefined
  const u = findUser(dev.tree, user)
  if (!u || u.password !== password) return undefined
  const policies = groupPolicies(dev.tree, u.group)
  return policies.has('ssh') ? { user, policies } : undefined
}

function authenticate(dev: SimRouter, ctx: AuthContext): ExecContext | undefined {
  if (ctx.method === 'password') return checkLogin(dev, ctx.username, ctx.password)
  if (ctx.method === 'none') return checkLogin(dev, ctx.username, '')
  return undefined
}

function handleClient(
  dev: SimRouter,
  client: Connection,
  ip: string,
  faults: () => SshFaults,
  onError?: (e: Error) => void,
): void {
  let login: ExecContext | undefined
  client.on('error', (err: Error) => onError?.(err))
  client.on('authentication', (ctx) => {
    if (ctx.method === 'keyboard-interactive') {
      return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
        login = checkLogin(dev, ctx.username, answers[0] ?? '')
        return login ? ctx.accept() : ctx.reject(['password', 'keyboard-interactive'])
      })
    }
    login = authenticate(dev, ctx)
    if (login) ctx.accept()
    else ctx.reject(['password', 'keyboard-interactive'])
  })
  client.on('ready', () => {
    if (!login) return void client.end()
    const u = findUser(dev.tree, login.user)
    const session = dev.openSession({
      user: login.user,
      group: u?.group ?? 'full',
      via: 'ssh',
      address: ip,
      policies: login.policies,
    })
    const ctx: ExecContext = { ...login, session }
    client.on('close', () => dev.closeSession(session))
    client.on('session', (acceptSession) => {
      const s = acceptSession()
      s.on('pty', (accept) => accept?.())
      s.on('env', (accept) => accept?.())
      s.on('window-change', (accept) => accept?.())
      s.on('shell', (accept) => {
        if (!dev.faults.settings.stall) serveShell(dev, accept(), ctx)
      })
      s.on('exec', (accept, _reject, info) => {
        const ch = accept()
        const { stall, latencyMs } = dev.faults.settings
        if (stall) return
        setTimeout(() => {
          const { output, isExport } = runCliCommands(dev, info.command, ctx)
          const f = faults()
          if (isExport && f.endlessExport === true) return endless(ch)
          if (
            isExport &&
            (f.truncateExportAfterBytes !== undefined || f.exportChunkBytes !== undefined)
          ) {
            sendWithFaults(ch, client, Buffer.from(output), f)
          } else {
            finish(ch, Buffer.from(output))
          }
        }, latencyMs)
      })
      s.on('sftp', (accept) => serveSftp(dev, accept()))
    })
  })
}

/** Cuts the TCP connection without an SSH disconnect message. */
function drop(client: Connection): void {
  const sock = (client as unknown as { _sock?: { destroy(): void } })._sock
  if (sock) sock.destroy()
  else client.end()
}

function finish(ch: ServerChannel, out: Buffer): void {
  ch.write(out)
  ch.exit(0)
  ch.end()
}

/** Export-like lines without end, respecting the channel's flow control. */
function endless(ch: ServerChannel): void {
  const lines = Buffer.from(
    '/ip firewall address-list add address=192.0.2.1 list=flood\n'.repeat(256),
  )
  let open = true
  ch.on('close', () => (open = false))
  const pump = (): void => {
    while (open) if (!ch.write(lines)) return void ch.once('drain', pump)
  }
  pump()
}

/** Sends export output in trickling chunks and/or cuts the connection part way. */
function sendWithFaults(ch: ServerChannel, client: Connection, out: Buffer, f: SshFaults): void {
  const limit = f.truncateExportAfterBytes ?? Infinity
  const chunk = Math.max(1, f.exportChunkBytes ?? out.length)
  const delay = f.exportChunkDelayMs ?? 0
  let sent = 0
  const step = (): void => {
    if (sent >= limit) return drop(client)
    if (sent >= out.length) return finish(ch, Buffer.alloc(0))
    const end = Math.min(out.length, sent + chunk, limit)
    ch.write(out.subarray(sent, end))
    sent = end
    setTimeout(step, sent >= limit ? 10 : delay)
  }
  step()
}
