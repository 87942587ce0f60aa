/**
 * API (plain) or API-SSL listener for one simulated device. Listens while the device is up and
 * not faulted `unreachable: 'refused'`; on reboot it closes and drops every connection, then
 * listens again on the same port. TLS sockets share one process-wide secure context.
 */
import net from 'node:net'
import tls from 'node:tls'
import { admission, type Service } from '../device/access-rules.ts'
import type { SimRouter } from '../device/device.ts'
import { ApiSession } from './session.ts'
import { simSecureContext } from './tls-context.ts'
import { apiSslContext } from '../device/certificates.ts'

export interface ApiServerOptions {
  device: SimRouter
  host: string
  port: number
  /** Omit for plain API; `cert`: self-signed certificate; `adh`: certificate-less (anonymous DH). */
  tls?: 'cert' | 'adh'
  maxPreLoginSentences?: number
}

export class ApiServer {
  readonly device: SimRouter
  readonly host: string
  port: number
  private readonly opts: ApiServerOptions
  private server: net.Server | undefined
  private readonly sessions = new Map<ApiSession, string>()
  private readonly silent = new Set<net.Socket>()
  private unsubscribe: (() => void)[] = []
  private chain: Promise<void> = Promise.resolve()
  private closed = false

  constructor(opts: ApiServerOptions) {
    this.opts = opts
    this.device = opts.device
    this.host = opts.host
    this.port = opts.port
  }

  async start(): Promise<void> {
    this.unsubscribe.push(this.device.onState(() => this.reconcile()))
    this.unsubscribe.push(this.device.faults.onChange(() => this.reconcile()))
    this.unsubscribe.push(this.device.onConfigChange(() => this.recheck()))
    await this.reconcile()
  }

  /** Brings the listener in line with the device state and faults; serialised. */
  reconcile(): Promise<void> {
    this.chain = this.chain.then(() => this.apply()).catch(() => {})
    return this.chain
  }

  private async apply(): Promise<void> {
    const want = this.wanted
    if (!want) this.dropAll()
    if (want && !this.server) await this.listen()
    else if (!want && this.server) await this.stopListening()
  }

  /** Whether the listener should be open now. */
  private get wanted(): boolean {
    return (
      !this.closed &&
      this.device.state === 'up' &&
      this.device.faults.settings.unreachable !== 'refused'
    )
  }

  private listen(): Promise<void> {
    const server = net.createServer((sock) => this.onConnection(sock))
    server.maxConnections = 1000
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, this.host, () => {
        server.off('error', reject)
        const addr = server.address()
        if (addr && typeof addr === 'object') this.port = addr.port
        resolve()
      })
    })
  }

  private stopListening(): Promise<void> {
    const server = this.server
    this.server = undefined
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()))
  }

  private get service(): Service {
    return this.opts.tls ? 'api-ssl' : 'api'
  }

  /** After a config change: sessions the device's own rules now cut are dropped (a lockout). */
  private recheck(): void {
    if (this.device.state !== 'up') return
    for (const [s, address] of this.sessions) {
      if (
        admission(this.device, {
          address,
          local: this.host,
          service: this.service,
          state: 'established',
        }) !== 'ok'
      ) {
        this.sessions.delete(s)
        s.drop()
      }
    }
  }

  private dropAll(): void {
    for (const s of this.sessions.keys()) s.drop()
    this.sessions.clear()
    for (const s of this.silent) s.destroy()
    this.silent.clear()
  }

  private onConnection(raw: net.Socket): void {
    raw.on('error', () => {})
    raw.setNoDelay(true)
    if (!this.wanted) return void raw.destroy()
    const verdict = admission(this.device, {
      address: raw.remoteAddress ?? '',
      local: this.host,
      service: this.service,
      state: 'new',
    })
    if (verdict === 'refused') return void raw.destroy()
    if (this.device.faults.settings.unreachable === 'drop' || verdict === 'dropped') {
      this.silent.add(raw)
      raw.on('close', () => this.silent.delete(raw))
      raw.resume()
      return
    }
    const socket = this.opts.tls
      ? new tls.TLSSocket(raw, {
          isServer: true,
          // the certificate `/ip service api-ssl` names, else the simulator's self-signed one
          secureContext:
            (this.opts.tls === 'cert' ? apiSslContext(this.device) : undefined) ??
            simSecureContext(this.opts.tls),
        })
      : raw
    const session = new ApiSession({
      device: this.device,
      socket,
      raw,
      via: 'api',
      address: raw.remoteAddress ?? '',
      ...(this.opts.maxPreLoginSentences !== undefined
        ? { maxPreLoginSentences: this.opts.maxPreLoginSentences }
        : {}),
    })
    this.sessions.set(session, raw.remoteAddress ?? '')
    socket.on('close', () => this.sessions.delete(session))
  }

  get connectionCount(): number {
    return this.sessions.size + this.silent.size
  }

  async close(): Promise<void> {
    this.closed = true
    for (const u of this.unsubscribe) u()
    this.unsubscribe = []
    await this.reconcile()
  }
}
