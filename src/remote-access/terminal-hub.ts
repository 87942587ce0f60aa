// Every open browser terminal of the appliance and the limits on them: at most
// `config.terminal.perUser` at once per user (or API key) and `perDevice` per device. A place is
// taken synchronously when the WebSocket arrives, before the SSH login starts, so two tabs
// opened at once cannot both slip under the limit. A refusal is told to the page and audited.
import type { WebSocket } from 'ws'
import type { Deps } from '../deps.ts'
import { auditRemote } from './remote-audit.ts'
import type { TerminalTicket } from './remote-access.types.ts'
import { CLOSE, sendControl, TerminalSession } from './terminal-session.ts'

export class TerminalHub {
  readonly #deps: Deps
  readonly #byUser = new Map<string, number>()
  readonly #byDevice = new Map<string, number>()
  readonly #open = new Set<TerminalSession>()

  constructor(deps: Deps) {
    this.#deps = deps
  }

  /** Terminals open now (connecting ones included). */
  get active(): number {
    return this.#open.size
  }

  /** Takes over an accepted WebSocket: refuses it over the limits, else opens the session. */
  attach(ws: WebSocket, t: TerminalTicket): TerminalSession | undefined {
    const userKey = `${t.actor.kind}:${t.actor.id}`
    const deviceKey = `${t.scope.tenantId}/${t.device.id}`
    const { perUser, perDevice } = this.#deps.config.terminal
    const refusal =
      (this.#byUser.get(userKey) ?? 0) >= perUser
        ? {
            code: 'user_limit',
            m: `You already have ${perUser} terminal sessions open; close one first.`,
          }
        : (this.#byDevice.get(deviceKey) ?? 0) >= perDevice
          ? {
              code: 'device_limit',
              m: `${t.device.name} already has ${perDevice} terminal sessions open; try again when one closes.`,
            }
          : undefined
    if (refusal) {
      sendControl(ws, { t: 'error', m: refusal.m })
      ws.close(CLOSE.limit, refusal.code)
      const who = { tenantId: t.scope.tenantId, actor: t.actor, ip: t.actor.ip }
      void auditRemote(this.#deps, who, 'terminal.refused', t.device, 'failure', {
        reason: refusal.code,
      }).catch((err: unknown) => this.#deps.log.error({ err }, 'terminal audit failed'))
      return undefined
    }
    bump(this.#byUser, userKey, 1)
    bump(this.#byDevice, deviceKey, 1)
    const session = new TerminalSession(this.#deps, ws, t, () => {
      bump(this.#byUser, userKey, -1)
      bump(this.#byDevice, deviceKey, -1)
      this.#open.delete(session)
    })
    this.#open.add(session)
    session
      .start()
      .catch((err: unknown) => this.#deps.log.error({ err }, 'terminal session failed'))
    return session
  }

  /** Ends every terminal (appliance shutdown); each close is still audited. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#open].map((s) => s.end('appliance stopping')))
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by
  if (n <= 0) map.delete(key)
  else map.set(key, n)
}
