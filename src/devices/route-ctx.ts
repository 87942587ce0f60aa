// Request → DeviceCtx, and the role checks the views use to hide what a role cannot do.
import type { Context } from 'hono'
import type { SessionInfo, TenantEnv } from '../http/env.ts'
import { actorOf, canOperate } from '../http/request-actor.ts'
import type { DeviceCtx, DevicesDeps } from './devices.service.ts'

/** Operators and admins change devices; viewers only look. */
export function canEditDevices(c: { var: { session: SessionInfo | undefined } }): boolean {
  return canOperate(c.var.session)
}

/** Admins may confirm sending stored credentials to a new endpoint and accept SSH host keys. */
export function isDeviceAdmin(c: { var: { session: SessionInfo | undefined } }): boolean {
  const s = c.var.session
  return s !== undefined && (s.isSuperAdmin || s.role === 'admin')
}

/** The device use cases' context of a route guarded by requireTenantRole(). */
export function deviceCtx(c: Context<TenantEnv>, deps: DevicesDeps): DeviceCtx {
  return { deps, scope: c.var.scope, actor: actorOf(c) }
}
