// WinBox through the appliance: "Open WinBox" listens on a free port of the configured range and
// forwards each accepted connection to the device's WinBox port on its management address
// (through device-access). Only the requesting user's source address may connect; anyone else is
// cut off at once and audited (at most once a minute per address, so a port scan cannot flood
// the audit log). One forward per user and device; it closes after the idle time without
// traffic, when the user closes it, or when the appliance stops. The listeners are opened on a
// user's request (like an SSH session), not at startup.
import { createServer, type Server, type Socket } from 'node:net'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Actor } from '../lib/actor.ts'
import { ConflictError } from '../lib/errors.ts'
import { auditRemote, type AuditWho } from './remote-audit.ts'
import type { WinboxView } from './remote-access.types.ts'

interface Forward {
  key: string
  server: Server
  port: number
  allowed: string
  device: { id: string; name: string }
  scope: TenantScope
  who: AuditWho
  openedAt: number
  lastActivity: number
  bytes: number
  sockets: Set<Socket>
  refusedAt: Map<string, number>
  timer: NodeJS.Timeout
}

export interface WinboxRequest {
  scope: TenantScope
  actor: Actor
  device: { id: string; name: string }
  /** the address the user's request came from: the only one the forward accepts */
  source: string
}

const plainAddress = (a: string | undefined) => (a?.startsWith('::ffff:') ? a.slice(7) : (a ?? ''))
const REFUSAL_AUDIT_MS = 60_000

export class WinboxForwards {
  readonly #deps: Deps
  readonly #open = new Map<string, Forward>()

  constructor(deps: Deps) {
    this.#deps = deps
  }

  #key(scope: TenantScope, actor: Actor, deviceId: string): string {
    return `${scope.tenantId}/${deviceId}/${actor.kind}:${actor.id}`
  }

  /** The user's open forward to this device, if any. */
  find(scope: TenantScope, actor: Actor, deviceId: string): WinboxView | undefined {
    const f = this.#open.get(this.#key(scope, actor, deviceId))
    return f && this.#view(f)
  }

  /** Opens (or returns the user's already open) forward to the device. */
  async open(req: WinboxRequest): Promise<WinboxView> {
    const key = this.#key(req.scope, req.actor, req.device.id)
    const existing = this.#open.get(key)
    if (existing && existing.allowed === plainAddress(req.source)) return this.#view(existing)
    if (existing) await this.#close(existing, 'reopened from another address')
    const { server, port } = await this.#listen()
    const now = this.#deps.clock.now()
    const f: Forward = {
      key,
      server,
      port,
      allowed: plainAddress(req.source),
      device: req.device,
      scope: req.scope,
      who: { tenantId: req.scope.tenantId, actor: req.actor, ip: req.actor.ip },
      openedAt: now,
      lastActivity: now,
      bytes: 0,
      sockets: new Set(),
      refusedAt: new Map(),
      timer: setInterval(() => this.#checkIdle(f), this.#checkEveryMs()).unref(),
    }
    server.on('connection', (s) => this.#accept(f, s))
    this.#open.set(key, f)
    await auditRemote(this.#deps, f.who, 'winbox.open', f.device, 'success', {
      port,
      allowedAddress: f.allowed,
    })
    return this.#view(f)
  }

  /** Closes the user's forward to the device; false when none was open. */
  async close(scope: TenantScope, actor: Actor, deviceId: string): Promise<boolean> {
    const f = this.#open.get(this.#key(scope, actor, deviceId))
    if (!f) return false
    await this.#close(f, 'closed by the user')
    return true
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.values()].map((f) => this.#close(f, 'appliance stopping')))
  }

  #view(f: Forward): WinboxView {
    const expiresAt = f.lastActivity + this.#deps.config.winbox.idleMs
    return { host: '', port: f.port, expiresAt, allowedAddress: f.allowed }
  }

  #checkEveryMs(): number {
    return Math.max(250, Math.min(30_000, Math.floor(this.#deps.config.winbox.idleMs / 4)))
  }

  #checkIdle(f: Forward): void {
    if (this.#deps.clock.now() - f.lastActivity < this.#deps.config.winbox.idleMs) return
    this.#close(f, 'idle timeout').catch((err: unknown) =>
      this.#deps.log.error({ err }, 'winbox close failed'),
    )
  }

  #accept(f: Forward, client: Socket): void {
    const from = plainAddress(client.remoteAddress)
    if (from !== f.allowed) {
      client.destroy()
      return this.#refused(f, from)
    }
    f.sockets.add(client)
    f.lastActivity = this.#deps.clock.now()
    client.pause()
    client.on('close', () => f.sockets.delete(client))
    client.on('error', () => client.destroy())
    const port = this.#deps.config.winbox.devicePort
    this.#deps.deviceAccess.connectTcp(f.scope, f.device.id, port).then(
      (upstream) => this.#pipe(f, client, upstream),
      (err: unknown) => {
        this.#deps.log.warn({ err, deviceId: f.device.id }, 'winbox device unreachable')
        client.destroy()
      },
    )
  }

  #pipe(f: Forward, client: Socket, upstream: Socket): void {
    f.sockets.add(upstream)
    if (client.destroyed) return void upstream.destroy()
    const count = (d: Buffer) => {
      f.bytes += d.length
      f.lastActivity = this.#deps.clock.now()
    }
    client.on('data', count)
    upstream.on('data', count)
    upstream.on('close', () => {
      f.sockets.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => upstream.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
    client.resume()
  }

  #refused(f: Forward, from: string): void {
    const now = this.#deps.clock.now()
    const last = f.refusedAt.get(from)
    if (last !== undefined && now - last < REFUSAL_AUDIT_MS) return
    f.refusedAt.set(from, now)
    this.#deps.log.warn({ deviceId: f.device.id, from }, 'winbox connection refused')
    void auditRemote(this.#deps, f.who, 'winbox.refused', f.device, 'failure', {
      port: f.port,
      from,
      allowedAddress: f.allowed,
    }).catch((err: unknown) => this.#deps.log.error({ err }, 'winbox audit failed'))
  }

  async #close(f: Forward, reason: string): Promise<void> {
    if (this.#open.get(f.key) !== f) return
    this.#open.delete(f.key)
    clearInterval(f.timer)
    for (const s of f.sockets) s.destroy()
    await new Promise<void>((r) => f.server.close(() => r()))
    await auditRemote(this.#deps, f.who, 'winbox.close', f.device, 'success', {
      port: f.port,
      reason,
      durationMs: this.#deps.clock.now() - f.openedAt,
      bytes: f.bytes,
    })
  }

  /** The first free port of the range; every port taken is a clear refusal. */
  async #listen(): Promise<{ server: Server; port: number }> {
    const { portMin, portMax, bindHost } = this.#deps.config.winbox
    const inUse = new Set([...this.#open.values()].map((f) => f.port))
    for (let port = portMin; port <= portMax; port++) {
      if (inUse.has(port)) continue
      const server = createServer({ pauseOnConnect: true })
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false))
        server.listen(port, bindHost, () => resolve(true))
      })
      if (ok) {
        server.unref()
        return { server, port }
      }
    }
    throw new ConflictError(
      `Every WinBox forwarding port (${portMin}-${portMax}) is in use; close a WinBox session first.`,
      { code: 'winbox_ports_exhausted' },
    )
  }
}
