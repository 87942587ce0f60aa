// The bridge from a request to the alerts services: acting principal, tenant scope, the bus.
import type { Context } from 'hono'
import type { SessionInfo, TenantEnv } from '../http/env.ts'
import { actorOf, canOperate as operates } from '../http/request-actor.ts'
import type { EventBus } from '../poller/index.ts'
import type { AlertsCtx } from './alerts.service.ts'

export type AlertsDeps = AlertsCtx['deps']

export function alertsCtx(
  c: Context<TenantEnv>,
  deps: AlertsDeps,
  bus: EventBus | undefined,
): AlertsCtx {
  return { deps, scope: c.var.scope, actor: actorOf(c), bus }
}

/** Operators and admins acknowledge and change rules; viewers only look. */
export function canOperate(c: { var: { session: SessionInfo | undefined } }): boolean {
  return operates(c.var.session)
}
