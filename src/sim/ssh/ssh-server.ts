/**
 * SSH server of a simulated device (ssh2): password (and empty-password) login against the
 * device's users with the `ssh` policy, exec of console commands without a PTY (`/export`, prints,
 * menu commands), SFTP on the device's file store. Identifies as `SSH-2.0-ROSSSH` with a stable
 * ed25519 host key. Goes away while the device reboots and listens again on the same port.
 * Faults (switchable at run time): slow export (bytes trickle) and truncated export.
 */
import type { AddressInfo } from 'node:net'
import ssh2 from 'ssh2'
import type { AuthContext, Connection, ServerChannel } from 'ssh2'
import type { SimRouter } from '../device/device.ts'
import type { ExecContext } from '../device/policy.ts'
import { findUser, groupPolicies } from '../device/users.ts'
import { runCliCommands } from './cli-command.ts'
import { deriveHostKey } from './host-key.ts'
import { serveSftp } from './sftp.ts'

export interface SshFaults {
  /** Export output is sent in chunks of this many bytes… */
  exportChunkBytes?: number
  /** …with this delay (real ms) between chunks. */
  exportChunkDelayMs?: number
  /** The connection drops after this many bytes of export output. */
  truncateExportAfterBytes?: number
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
  close(): Promise<void>
}

export async function startSshServer(dev: SimRouter, opts: SshServerOptions): Promise<SshServerHandle> {
  const key = deriveHostKey(dev.serialNumber || dev.softwareId || dev.name)
  const clients = new Set<Connection>()
  const state = { faults: {} as SshFaults, port: opts.port, closed: false }
  const server = new ssh2.Server({ hostKeys: [key.privateKey], ident: 'ROSSSH' }, (client, info) => {
    if (dev.state !== 'up') return void client.end()
    clients.add(client)
    handleClient(dev, client, info.ip, () => state.faults, opts.onError)
    client.on('close', () => clients.delete(client))
  })
  server.on('error', (err: Error) => opts.onError?.(err))
  await listen(server, opts.host, state.port)
  state.port = (server.address() as AddressInfo).port
  const off = dev.onState((s) => {
    if (s === 'rebooting') {
      for (const c of clients) c.end()
      server.close()
    } else if (!state.closed) {
      listen(server, opts.host, state.port).catch((err: Error) => opts.onError?.(err))
    }
  })
  return {
    port: state.port,
    hostKey: { publicKey: key.publicKey, fingerprint: key.fingerprint },
    get faults() {
      return state.faults
    },
    set faults(f: SshFaults) {
      state.faults = f
    },
    close: async () => {
      state.closed = true
      off()
      for (const c of clients) c.end()
      if (server.listening) await new Promise<void>((res) => server.close(() => res()))
    },
  }
}

function listen(server: ssh2.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onErr = (err: Error): void => reject(err)
    server.once('error', onErr)
    server.listen(port, host, () => {
      server.off('error', onErr)
      resolve()
    })
  })
}

function checkLogin(dev: SimRouter, user: string, password: string): ExecContext | undefined {
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
  dev: SimRouter, client: Connection, ip: string, faults: () => SshFaults, onError?: (e: Error) => void,
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
    const session = dev.openSession({ user: login.user, group: u?.group ?? 'full', via: 'ssh', address: ip, policies: login.policies })
    const ctx: ExecContext = { ...login, session }
    client.on('close', () => dev.closeSession(session))
    client.on('session', (acceptSession) => {
      const s = acceptSession()
      s.on('pty', (accept) => accept?.())
      s.on('env', (accept) => accept?.())
      s.on('shell', (_accept, reject) => reject?.())
      s.on('exec', (accept, _reject, info) => {
        const ch = accept()
        const { output, isExport } = runCliCommands(dev, info.command, ctx)
        const f = faults()
        if (isExport && (f.truncateExportAfterBytes !== undefined || f.exportChunkBytes !== undefined)) {
          sendWithFaults(ch, client, Buffer.from(output), f)
        } else {
          finish(ch, Buffer.from(output))
        }
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
