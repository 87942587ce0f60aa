// The bridge from a request to the maintenance services: tenant scope and acting principal.
import type { Context } from 'hono'
import type { SessionInfo, TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import type { MaintenanceCtx } from './maintenance.service.ts'

export function maintenanceCtx(
  c: Context<TenantEnv>,
  deps: MaintenanceCtx['deps'],
): MaintenanceCtx {
  const { kind, id, name, ip } = actorOf(c)
  return { deps, scope: c.var.scope, actor: { kind, id, name, ip } }
}

export function roleAtLeast(
  c: { var: { session: SessionInfo | undefined } },
  min: 'operator' | 'admin',
): boolean {
  const s = c.var.session
  if (s === undefined) return false
  if (s.isSuperAdmin || s.role === 'admin') return true
  return min === 'operator' && s.role === 'operator'
}
