// Request → DeviceCtx, and the role checks the views use to hide what a role cannot do.
import type { Context } from 'hono'
import type { AppEnv, SessionInfo, TenantEnv } from '../http/env.ts'
import { canOperate, requestActor, requestScope } from '../http/request-actor.ts'
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
export function deviceCtx(c: Context<TenantEnv>, deps: DevicesDeps): DeviceCtx
/**
 * @deprecated guard the route with requireTenantRole(min); this form checks at run time.
 * @public kept for routes written before the typed guards (branches being merged)
 */
export function deviceCtx<E extends AppEnv>(c: Context<E>, deps: DevicesDeps): DeviceCtx
export function deviceCtx(c: Context, deps: DevicesDeps): DeviceCtx {
  // a TenantEnv context always passes; only the deprecated form can fail here
  return { deps, scope: requestScope(c), actor: requestActor(c) }
}
