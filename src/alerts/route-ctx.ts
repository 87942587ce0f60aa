// The bridge from a request to the alerts services: acting principal, tenant scope, the bus.
import type { Context } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { requestActor, requestScope } from '../http/request-actor.ts'
import type { EventBus } from '../poller/index.ts'
import type { AlertsCtx } from './alerts.service.ts'

export type AlertsDeps = AlertsCtx['deps']

export function alertsCtx(c: Context<AppEnv>, deps: AlertsDeps, bus: EventBus | undefined): AlertsCtx {
  const { kind, id, name, ip } = requestActor(c)
  return { deps, scope: requestScope(c), actor: { kind, id, name, ip }, bus }
}

/** Operators and admins acknowledge and change rules; viewers only look. */
export function canOperate(c: Context<AppEnv>): boolean {
  const s = c.var.session
  return s !== undefined && (s.isSuperAdmin || s.role === 'admin' || s.role === 'operator')
}
