// WebSocket upgrades of the HTTP listeners (startup.ts attaches this to each). The upgrade
// request goes through the app itself first, as a plain GET to
// /devices/:deviceId/terminal/socket, so the same session cookie, tenant scope, role guard and
// Origin check decide as for any page; the route leaves a ticket in the holder passed as a
// binding, and only then is the WebSocket handshake completed. Anything else is answered with
// the app's status and a short message, and (for terminal paths) audited.
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { Duplex } from 'node:stream'
import type { Context } from 'hono'
import { WebSocketServer } from 'ws'
import type { Deps } from '../deps.ts'
import type { Actor } from '../lib/actor.ts'
import { remoteAccessOf } from './remote-access.ts'
import { auditRemote } from './remote-audit.ts'
import type { TerminalTicket } from './remote-access.types.ts'

/** Filled in by the socket route while the app handles an upgrade request. */
export interface UpgradeHolder {
  ticket?: TerminalTicket
  /** who asked, when signed in (for the refusal's audit entry) */
  who?: Actor
  /** the route already audited its refusal */
  audited?: boolean
}

interface UpgradeBindings {
  incoming: IncomingMessage
  upgrade: UpgradeHolder
}

const SOCKET_PATH = /^\/devices\/([^/]+)\/terminal\/socket$/
/** a typed keystroke or a paste; larger frames close the socket */
const MAX_FRAME_BYTES = 256 * 1024

/** The holder of an upgrade request the app is handling; undefined for a plain GET. */
export function upgradeOf(c: Context): UpgradeHolder | undefined {
  return (c.env as Partial<UpgradeBindings> | undefined)?.upgrade
}

type Fetch = (req: Request, env: UpgradeBindings) => Response | Promise<Response>

function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Refused'}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  )
}

function requestOf(req: IncomingMessage): Request {
  const tls = (req.socket as TLSSocket).encrypted === true
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one)
  }
  return new Request(`${tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${req.url}`, {
    headers,
  })
}

function refusal(status: number): { reason: string; message: string } {
  if ((status >= 300 && status < 400) || status === 401)
    return { reason: 'no_session', message: 'Sign in first: the terminal needs a session.' }
  if (status === 403)
    return { reason: 'forbidden', message: 'The terminal needs the operator role on this site.' }
  if (status === 404) return { reason: 'not_found', message: 'No such device.' }
  return { reason: `status_${status}`, message: 'The terminal could not be opened.' }
}

/**
 * @example server.on('upgrade', terminalUpgrades(deps, app.fetch))
 */
export function terminalUpgrades(deps: Deps, fetch: Fetch) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  })
  const cookies = new WeakMap<IncomingMessage, string[]>()
  // a renewed session cookie set while the app checked the request goes out with the 101
  wss.on('headers', (headers, req) => {
    for (const c of cookies.get(req) ?? []) headers.push(`Set-Cookie: ${c}`)
  })
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy())
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const match = SOCKET_PATH.exec(path)
    if (!match) return refuse(socket, 404, 'Not found.')
    const holder: UpgradeHolder = {}
    Promise.resolve(fetch(requestOf(req), { incoming: req, upgrade: holder }))
      .then(async (res) => {
        const ticket = holder.ticket
        if (ticket && res.status === 204) {
          cookies.set(req, res.headers.getSetCookie())
          wss.handleUpgrade(req, socket, head, (ws) =>
            remoteAccessOf(deps).terminals.attach(ws, ticket),
          )
          return
        }
        const why = holder.audited
          ? { reason: 'origin', message: 'The terminal accepts WebSockets from this site only.' }
          : refusal(res.status)
        refuse(socket, res.status >= 300 && res.status < 400 ? 401 : res.status, why.message)
        if (holder.audited) return
        const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? null
        const who = holder.who
          ? { tenantId: null, actor: holder.who, ip: holder.who.ip }
          : { tenantId: null, actor: null, ip }
        await auditRemote(deps, who, 'terminal.refused', null, 'failure', {
          reason: why.reason,
          deviceId: decodeURIComponent(match[1] ?? ''),
          origin: req.headers.origin ?? null,
        })
      })
      .catch((err: unknown) => {
        deps.log.error({ err }, 'terminal upgrade failed')
        socket.destroy()
      })
  }
}
