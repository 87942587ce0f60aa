// The router's call to its one-time enrollment URL (public: the token is the credential). The
// token is looked up by its SHA-256; unknown, used and expired tokens and malformed keys are
// refused with a plain reason and audited. On success, in one transaction: the token is spent,
// the peer gets the router's public key, and the device's management address becomes its overlay
// address (the old one stays as the second address, the LAN path). The stored credentials are
// re-sealed for the new address: the admin who created the enrollment vouched for it, and
// WireGuard lets only the holder of the enrolled key answer at that address.
import { recordAudit } from '../audit/index.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { rebindCredentials } from '../device-access/index.ts'
import type { TenantId } from '../lib/ids.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { findEnrollmentByHash, type EnrollmentRow } from './overlay-fleet.ts'
import { isPublicKey } from './overlay-keys.ts'
import {
  consumeEnrollment,
  findOverlayDevice,
  findPeer,
  markPeerEnrolled,
  switchManagementAddress,
} from './overlay.repo.ts'
import { hashToken, type OverlayDeps } from './overlay.service.ts'

export interface EnrollOutcome {
  deviceId: string
  address: string
}

type Refusal = 'unknown_token' | 'token_used' | 'token_expired' | 'bad_public_key' | 'key_in_use'

async function refuse(
  deps: OverlayDeps,
  ip: string | null,
  row: EnrollmentRow | undefined,
  reason: Refusal,
  error: Error,
): Promise<never> {
  await recordAudit(
    deps.db,
    {
      tenantId: row?.tenant_id ?? null,
      actor: { kind: 'anonymous', id: null, name: 'router enrollment' },
      ip,
      action: 'overlay.enroll',
      target: { type: 'device', id: row?.device_id ?? null, label: null },
      outcome: 'failure',
      details: { reason },
    },
    deps.clock.now(),
  )
  throw error
}

/** @example await enrollRouter(deps, token, 'q3J…=', '203.0.113.7') */
export async function enrollRouter(
  deps: OverlayDeps,
  token: string,
  publicKey: string,
  ip: string | null,
): Promise<EnrollOutcome> {
  const now = deps.clock.now()
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await findEnrollmentByHash(deps, hashToken(token))
    : undefined
  if (!row)
    return refuse(deps, ip, row, 'unknown_token', new NotFoundError('Unknown enrollment URL.'))
  if (row.used_at !== null)
    return refuse(
      deps,
      ip,
      row,
      'token_used',
      new ConflictError('This enrollment URL was already used; create a new one in Outpost.', {
        code: 'enrollment_used',
      }),
    )
  if (row.expires_at <= now)
    return refuse(
      deps,
      ip,
      row,
      'token_expired',
      new ConflictError('This enrollment URL has expired; create a new one in Outpost.', {
        code: 'enrollment_expired',
      }),
    )
  const key = publicKey.trim()
  if (!isPublicKey(key))
    return refuse(
      deps,
      ip,
      row,
      'bad_public_key',
      new ValidationError({ publicKey: 'Not a WireGuard public key (44 characters of base64).' }),
    )
  const result = await withTransaction(deps, async (tx) => {
    const scope = tx.scope(row.tenant_id)
    const clash = await tx.unscoped
      .selectFrom('overlay_peers')
      .select('device_id')
      .where('public_key', '=', key)
      .executeTakeFirst()
    if (clash && clash.device_id !== row.device_id) return 'key_in_use' as const
    if (!(await consumeEnrollment(scope, row.id, now))) return 'token_used' as const
    return switchToOverlay(deps, tx.global, scope, row, key, now, ip)
  })
  if (result === 'key_in_use')
    return refuse(
      deps,
      ip,
      row,
      result,
      new ConflictError('This public key belongs to another device.', {
        code: 'overlay_key_in_use',
      }),
    )
  if (result === 'token_used')
    return refuse(
      deps,
      ip,
      row,
      result,
      new ConflictError('This enrollment URL was already used; create a new one in Outpost.', {
        code: 'enrollment_used',
      }),
    )
  await deps.overlay.sync(deps)
  return result
}

async function switchToOverlay(
  deps: OverlayDeps,
  global: GlobalDb,
  scope: TenantScope,
  row: EnrollmentRow,
  key: string,
  now: number,
  ip: string | null,
): Promise<EnrollOutcome> {
  const device = await findOverlayDevice(scope, row.device_id)
  const peer = await findPeer(scope, row.device_id)
  if (!device || !peer) throw new NotFoundError('Device not found.')
  const previous = peer.previous_host ?? device.host
  const host2 = device.host2 ?? (device.host === peer.address ? null : device.host)
  const after = { ...device, host: peer.address, host2 }
  const rebound = await rebindCredentials(
    deps,
    scope,
    device,
    after,
    { username: null, password: null },
    { sendStoredCredentials: true, isAdmin: true },
  )
  const sealed = rebound.sealed ?? {
    username_enc: device.username_enc,
    password_enc: device.password_enc,
    credentials_legacy_digest: null,
  }
  await switchManagementAddress(scope, device.id, {
    host: peer.address,
    host2,
    ...sealed,
    credentials_legacy_digest: null,
    updated_at: now,
  })
  await markPeerEnrolled(scope, device.id, key, previous, now)
  await recordAudit(
    global,
    {
      tenantId: row.tenant_id as TenantId,
      actor: { kind: 'anonymous', id: null, name: 'router enrollment' },
      ip,
      action: 'overlay.enroll',
      target: { type: 'device', id: device.id, label: device.name },
      outcome: 'success',
      details: { address: peer.address, previousHost: device.host, publicKey: key },
    },
    now,
  )
  return { deviceId: device.id, address: peer.address }
}
