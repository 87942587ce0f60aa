// Request → DeviceCtx, and the role checks the views use to hide what a role cannot do.
import type { Context } from 'hono'
import { clientIp } from '../http/client-ip.ts'
import type { AppEnv, SessionInfo } from '../http/env.ts'
import type { DeviceCtx, DevicesDeps } from './devices.service.ts'

function sessionOf(c: Context<AppEnv>): SessionInfo {
  const s = c.var.session
  if (!s) throw new Error('requireRole() must run before this handler')
  return s
}

/** Operators and admins change devices; viewers only look. */
export function canEditDevices(c: Context<AppEnv>): boolean {
  const s = c.var.session
  return s !== undefined && (s.isSuperAdmin || s.role === 'admin' || s.role === 'operator')
}

/** Admins may confirm sending stored credentials to a new endpoint and accept SSH host keys. */
export function isDeviceAdmin(c: Context<AppEnv>): boolean {
  const s = c.var.session
  return s !== undefined && (s.isSuperAdmin || s.role === 'admin')
}

export function deviceCtx(c: Context<AppEnv>, deps: DevicesDeps): DeviceCtx {
  const s = sessionOf(c)
  const scope = c.var.scope
  if (!scope) throw new Error('requireTenant() must run before this handler')
  const viaKey = s.via === 'api_key' && s.apiKeyId !== undefined
  return {
    deps,
    scope,
    actor: {
      kind: viaKey ? 'api_key' : 'user',
      id: viaKey ? (s.apiKeyId as string) : s.userId,
      name: s.username,
      ip: clientIp(c),
      isAdmin: s.isSuperAdmin || s.role === 'admin',
    },
  }
}
