// Fresh API sessions to a device for the change pipeline, through device access: credentials
// opened for the row's own endpoint, TLS mode applied, second address tried, within the
// appliance's session limits. Each call opens a new TCP session on purpose: verification must
// prove that a *new* login still works after the change, not that an old socket survived.
import type { TenantScope } from '../db/tenant-scope.ts'
import {
  connectApi,
  deviceTarget,
  openCredentials,
  type DeviceAccess,
  type KeyDeps,
} from '../device-access/index.ts'
import { ConflictError, isAppError, NotFoundError } from '../lib/errors.ts'
import { RouterOsError, type RouterOsSession } from '../routeros/index.ts'
import { findDeviceRow } from './changes.repo.ts'

export interface LinkDeps extends KeyDeps {
  readonly deviceAccess: DeviceAccess
}

export interface LinkTimeouts {
  connectTimeoutMs: number
  commandTimeoutMs: number
}

const NEXT_HOST = new Set(['unreachable', 'refused', 'connect_timeout', 'tls', 'closed'])

/**
 * Runs `fn` on a new API session to the device; the session is closed when `fn` settles. The
 * session counts against the session limits until `fn` calls `release()` (or settles): safe apply
 * keeps its apply session open through the countdown, and must not hold a slot the
 * verification session of this or another change is waiting for.
 * @example const rows = await withDeviceApi(deps, scope, id, t, (s) => s.print('/ip/address'))
 */
export async function withDeviceApi<T>(
  deps: LinkDeps,
  scope: TenantScope,
  deviceId: string,
  t: LinkTimeouts,
  fn: (s: RouterOsSession, release: () => void) => Promise<T>,
): Promise<T> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let entered!: () => void
  const inSlot = new Promise<void>((resolve) => (entered = resolve))
  const slot = deps.deviceAccess.limiter.run(`${scope.tenantId}/${deviceId}`, async () => {
    entered()
    await released
  })
  await Promise.race([inSlot, slot])
  try {
    const session = await open(deps, scope, deviceId, t)
    try {
      return await fn(session, release)
    } finally {
      await session.close().catch(() => undefined)
    }
  } finally {
    release()
    await slot
  }
}

async function open(
  deps: LinkDeps,
  scope: TenantScope,
  deviceId: string,
  t: LinkTimeouts,
): Promise<RouterOsSession> {
  const row = await findDeviceRow(scope, deviceId)
  if (!row) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const target = deviceTarget(row, await openCredentials(deps, scope, row, 'change'), t)
  let last: unknown
  for (const host of target.hosts) {
    try {
      return await connectApi(target.options(host))
    } catch (e) {
      last = e
      if (!(e instanceof RouterOsError) || !NEXT_HOST.has(e.code)) break
    }
  }
  throw last
}

/** withDeviceApi for a person waiting on the answer: an unreachable device is a 409 in plain words. */
export async function askDevice<T>(
  deps: LinkDeps,
  scope: TenantScope,
  deviceId: string,
  t: LinkTimeouts,
  fn: (s: RouterOsSession) => Promise<T>,
): Promise<T> {
  try {
    return await withDeviceApi(deps, scope, deviceId, t, fn)
  } catch (e) {
    if (isAppError(e) || !(e instanceof RouterOsError)) throw e
    throw new ConflictError(`The device could not be reached: ${e.message}`, {
      code: 'device_unreachable',
      cause: e,
    })
  }
}
