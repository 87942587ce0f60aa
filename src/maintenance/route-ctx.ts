// The bridge from a request to the maintenance services: tenant scope and acting principal.
import type { Context } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { requestActor, requestScope } from '../http/request-actor.ts'
import type { MaintenanceCtx } from './maintenance.service.ts'

export function maintenanceCtx(c: Context<AppEnv>, deps: MaintenanceCtx['deps']): MaintenanceCtx {
  const { kind, id, name, ip } = requestActor(c)
  return { deps, scope: requestScope(c), actor: { kind, id, name, ip } }
}

export function roleAtLeast(c: Context<AppEnv>, min: 'operator' | 'admin'): boolean {
  const s = c.var.session
  if (s === undefined) return false
  if (s.isSuperAdmin || s.role === 'admin') return true
  return min === 'operator' && s.role === 'operator'
}
