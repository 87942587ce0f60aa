// Overlay use cases for signed-in users: the appliance's overlay facts, a device's overlay status,
// the fleet's, and creating a device's one-time enrollment (script + URL). The router's call to
// that URL is enroll.service.ts.
import { createHash, randomBytes } from 'node:crypto'
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { Actor } from '../lib/actor.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { DAY } from '../lib/time.ts'
import { applianceAddress, blockCidr } from './addresses.ts'
import { appliancePublicKey } from './appliance-key.ts'
import { ensureAddress, ensureBlock } from './overlay-blocks.ts'
import { buildOnboardingScript } from './onboarding-script.ts'
import {
  expirePendingEnrollments,
  findBlock,
  findOverlayDevice,
  findPeer,
  insertEnrollment,
  latestEnrollment,
  listPeers,
} from './overlay.repo.ts'
import type {
  DeviceOverlayView,
  EnrollmentResult,
  OverlayInfo,
  OverlayPeer,
} from './overlay.types.ts'
import type { WgPeerStatus } from './wg-dump.ts'

export type OverlayDeps = Pick<
  Deps,
  'kysely' | 'db' | 'unscoped' | 'secrets' | 'clock' | 'config' | 'log' | 'overlay'
>

export interface OverlayCtx {
  deps: OverlayDeps
  scope: TenantScope
  actor: Actor
}

/** How long an enrollment URL works. */
export const ENROLLMENT_TTL_MS = DAY

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** The host routers dial: the configured endpoint, else the host this request came to. */
function endpointHost(ctx: OverlayCtx, requestHost: string | undefined): string | null {
  return ctx.deps.config.overlay.endpointHost ?? requestHost ?? null
}

export async function overlayInfo(ctx: OverlayCtx, requestHost?: string): Promise<OverlayInfo> {
  const c = ctx.deps.config.overlay
  const block = await findBlock(ctx.scope)
  const host = endpointHost(ctx, requestHost)
  return {
    state: ctx.deps.overlay.state,
    interfaceName: c.interfaceName,
    publicKey: await appliancePublicKey(ctx.deps, ctx.deps.clock.now()),
    endpoint: host === null ? null : `${host}:${c.port}`,
    applianceAddress: applianceAddress(c),
    range: c.range.text,
    tenantBlock: block === undefined ? null : blockCidr(c, block),
  }
}

/** RouterOS before 7 has no WireGuard; undefined when the version is unknown or 7+. */
export function unsupportedReason(version: string | null): string | null {
  const major = Number(/^(\d+)\./.exec(version ?? '')?.[1] ?? NaN)
  if (!(major < 7)) return null
  return `RouterOS ${version ?? ''} has no WireGuard (it arrived in RouterOS 7). Keep managing this router over its LAN path (its management address), or upgrade it to RouterOS 7 first.`
}

async function liveStatus(ctx: OverlayCtx): Promise<Map<string, WgPeerStatus>> {
  const dump = await ctx.deps.overlay.dump().catch((err: unknown) => {
    ctx.deps.log.warn({ err }, 'overlay status read failed')
    return undefined
  })
  return new Map((dump?.peers ?? []).map((p) => [p.publicKey, p]))
}

function viewOf(
  device: { id: string; name: string; version: string | null },
  peer: OverlayPeer | undefined,
  live: Map<string, WgPeerStatus>,
  enrollment: { expires_at: number; used_at: number | null } | undefined,
  now: number,
): DeviceOverlayView {
  const s = peer?.public_key ? live.get(peer.public_key) : undefined
  return {
    deviceId: device.id,
    deviceName: device.name,
    address: peer?.address ?? null,
    enrolled: peer?.public_key != null,
    enrolledAt: peer?.enrolled_at ?? null,
    publicKey: peer?.public_key ?? null,
    latestHandshakeAt: s?.latestHandshakeAt ?? null,
    rxBytes: s?.rxBytes ?? null,
    txBytes: s?.txBytes ?? null,
    endpoint: s?.endpoint ?? null,
    enrollment:
      enrollment === undefined
        ? null
        : {
            state:
              enrollment.used_at !== null
                ? 'used'
                : enrollment.expires_at <= now
                  ? 'expired'
                  : 'pending',
            expiresAt: enrollment.expires_at,
          },
    unsupportedReason: unsupportedReason(device.version),
  }
}

export async function deviceOverlay(ctx: OverlayCtx, deviceId: string): Promise<DeviceOverlayView> {
  const device = await findOverlayDevice(ctx.scope, deviceId)
  if (!device) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const [peer, enrollment, live] = await Promise.all([
    findPeer(ctx.scope, deviceId),
    latestEnrollment(ctx.scope, deviceId),
    liveStatus(ctx),
  ])
  return viewOf(device, peer, live, enrollment, ctx.deps.clock.now())
}

/** Every device of the tenant that has an overlay address, with live status. */
export async function fleetOverlay(ctx: OverlayCtx): Promise<DeviceOverlayView[]> {
  const [peers, live] = await Promise.all([listPeers(ctx.scope), liveStatus(ctx)])
  const now = ctx.deps.clock.now()
  return peers.map((p) =>
    viewOf({ id: p.device_id, name: p.device_name, version: null }, p, live, undefined, now),
  )
}

/**
 * A fresh single-use enrollment URL (24 h) and the script that calls it. Refused for RouterOS 6
 * and when no endpoint for the routers is known. A device of another tenant is a 404, audited.
 */
export async function createEnrollment(
  ctx: OverlayCtx,
  deviceId: string,
  where: { baseUrl: string; requestHost: string | undefined },
): Promise<EnrollmentResult> {
  const now = ctx.deps.clock.now()
  const device = await findOverlayDevice(ctx.scope, deviceId)
  if (!device) {
    await auditEnrollment(ctx, deviceId, null, 'failure', now, { reason: 'device_not_found' })
    throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  }
  const unsupported = unsupportedReason(device.version)
  if (unsupported !== null) throw new ConflictError(unsupported, { code: 'overlay_unsupported' })
  const host = endpointHost(ctx, where.requestHost)
  if (host === null)
    throw new ConflictError(
      'Set OUTPOST_OVERLAY_ENDPOINT (or OUTPOST_PUBLIC_URL) to the address routers reach the appliance at.',
      { code: 'overlay_no_endpoint' },
    )
  const c = ctx.deps.config.overlay
  const token = randomBytes(32).toString('base64url')
  const expiresAt = now + ENROLLMENT_TTL_MS
  const address = await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(ctx.scope.tenantId)
    const block = await ensureBlock({ unscoped: tx.unscoped }, c, scope, now)
    const addr = await ensureAddress(scope, c, block, device.id, now)
    await expirePendingEnrollments(scope, device.id, now)
    await insertEnrollment(
      scope,
      { deviceId: device.id, tokenHash: hashToken(token), expiresAt, createdBy: ctx.actor.name },
      now,
    )
    return addr
  })
  await auditEnrollment(ctx, device.id, device.name, 'success', now, { address, expiresAt })
  const enrollUrl = `${where.baseUrl.replace(/\/+$/, '')}/overlay/enroll/${token}`
  const script = buildOnboardingScript({
    deviceName: device.name,
    appliancePublicKey: await appliancePublicKey(ctx.deps, now),
    endpointHost: host,
    endpointPort: c.port,
    applianceAddress: applianceAddress(c),
    deviceAddress: address,
    enrollUrl,
    apiPorts: [device.api_port, device.ssh_port],
  })
  return { script, enrollUrl, expiresAt, address }
}

function auditEnrollment(
  ctx: OverlayCtx,
  deviceId: string,
  label: string | null,
  outcome: 'success' | 'failure',
  now: number,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
      ip: ctx.actor.ip,
      action: 'overlay.enrollment_create',
      target: { type: 'device', id: outcome === 'success' ? deviceId : null, label },
      outcome,
      details,
    },
    now,
  )
}
