// The one terminal hub and WinBox forward registry per appliance (per Deps): the routes, the
// API and the WebSocket upgrade all reach the same instance, so the limits hold across them.
// Built on first use, nothing at import time; startup.ts closes it on shutdown.
import type { Deps } from '../deps.ts'
import { TerminalHub } from './terminal-hub.ts'
import { WinboxForwards } from './winbox-forwards.ts'

export interface RemoteAccess {
  readonly terminals: TerminalHub
  readonly winbox: WinboxForwards
  /** ends every terminal and WinBox forward (each close audited) */
  stop(): Promise<void>
}

const instances = new WeakMap<Deps, RemoteAccess>()

/** @example remoteAccessOf(deps).terminals.attach(ws, ticket) */
export function remoteAccessOf(deps: Deps): RemoteAccess {
  let ra = instances.get(deps)
  if (!ra) {
    const terminals = new TerminalHub(deps)
    const winbox = new WinboxForwards(deps)
    ra = {
      terminals,
      winbox,
      stop: async () => {
        await Promise.all([terminals.closeAll(), winbox.closeAll()])
      },
    }
    instances.set(deps, ra)
  }
  return ra
}
