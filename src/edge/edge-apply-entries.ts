// The central side of the entries an edge sends besides polls and text backups (issue 20):
// settings edited on the edge, a device deleted there, a binary `.backup`; and the poller events
// a forwarded poll stands for, so the central's alert rules (and live views) see edge devices
// like their own; and the refusal of a batch naming a device that is not the edge's. Each write
// runs inside the batch's transaction (edge-apply.service).
import { recordAudit } from '../audit/index.ts'
import { storeForwardedBinary } from '../backups/index.ts'
import type { DeviceId, DeviceGroupId, SiteId, TagId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { ForbiddenError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import type { MetricPoint } from '../metrics/index.ts'
import type { EventBus, PollerEventMap } from '../poller/index.ts'
import type { EdgePrincipal } from './edge-auth.service.ts'
import type { EdgeEntry } from './edge-wire.ts'

type Entry<K extends EdgeEntry['kind']> = Extract<EdgeEntry, { kind: K }>
type DeviceEventKind = PollerEventMap['device.event']['kind']
type Status = 'unknown' | 'online' | 'degraded' | 'offline' | 'auth_failed'

async function idsByName<T extends 'sites' | 'tags' | 'device_groups'>(
  scope: TenantScope,
  table: T,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0) return []
  const rows = await scope
    .selectFrom(table as 'tags')
    .select('id')
    .where('name', 'in', names)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * The device's settings as edited on the edge. Sites, tags and groups are matched by name to the
 * central tenant's own; a name the central does not have is left out (nothing is created).
 */
export async function applySettings(
  scope: TenantScope,
  e: Entry<'device'>,
  now: number,
): Promise<void> {
  const id = e.deviceId as DeviceId
  const { site, tags, groups, ...columns } = e.payload.settings
  const [siteId] = site === null ? [] : await idsByName(scope, 'sites', [site])
  await scope
    .updateTable('devices')
    .set({ ...columns, site_id: (siteId ?? null) as SiteId | null, updated_at: now })
    .where('id', '=', id)
    .execute()
  await scope.deleteFrom('device_tags').where('device_id', '=', id).execute()
  await scope.deleteFrom('device_group_members').where('device_id', '=', id).execute()
  const tagIds = await idsByName(scope, 'tags', tags)
  if (tagIds.length > 0)
    await scope
      .insertInto(
        'device_tags',
        tagIds.map((t) => ({ device_id: id, tag_id: t as TagId })),
      )
      .execute()
  const groupIds = await idsByName(scope, 'device_groups', groups)
  if (groupIds.length > 0)
    await scope
      .insertInto(
        'device_group_members',
        groupIds.map((g) => ({ device_id: id, group_id: g as DeviceGroupId })),
      )
      .execute()
}

/**
 * A device deleted on the edge goes centrally like a local delete: its row and everything hanging
 * off it (events, snapshots, backups, alerts) by the foreign keys; audited as the edge's doing.
 */
export async function applyDelete(
  scope: TenantScope,
  global: GlobalDb,
  edge: EdgePrincipal,
  e: Entry<'delete'>,
  ip: string | null,
  now: number,
): Promise<boolean> {
  const r = await scope
    .deleteFrom('devices')
    .where('id', '=', e.deviceId as DeviceId)
    .executeTakeFirst()
  if (Number(r.numDeletedRows) === 0) return false
  await recordAudit(
    global,
    {
      tenantId: edge.tenantId,
      actor: { kind: 'anonymous', id: null, name: `edge ${edge.name}` },
      ip,
      action: 'device.delete',
      target: { type: 'device', id: e.deviceId, label: e.payload.device.name },
      outcome: 'success',
      details: { host: e.payload.device.host, edge: edge.name },
    },
    now,
  )
  return true
}

export function applyBinary(
  scope: TenantScope,
  key: Uint8Array,
  e: Entry<'binary'>,
  now: number,
): Promise<void> {
  return storeForwardedBinary(scope, key, e.deviceId as DeviceId, {
    id: newId(e.payload.capturedAt),
    capturedAt: e.payload.capturedAt,
    bytes: Buffer.from(e.payload.data, 'base64'),
    password: e.payload.password,
    now,
  })
}

const POLLER_EVENTS: ReadonlySet<string> = new Set<DeviceEventKind>([
  'came_online',
  'went_offline',
  'auth_failed',
  'rebooted',
  'version_changed',
  'identity_changed',
])

/** What the central poller would have published for a poll; sent once the batch committed. */
export interface ForwardedPoll {
  deviceId: string
  at: number
  from: Status
  to: Status
  events: readonly { kind: Entry<'poll'>['payload']['events'][number]['kind']; message: string }[]
  points: readonly MetricPoint[]
}

/**
 * Publishes forwarded polls on the central's bus in order, as its own poller would (status
 * change, events, the poll with the rollup's points), so alert rules open and resolve for edge
 * devices. Only entries applied for the first time get here: a replayed sequence publishes
 * nothing, so an alert opens (and resolves) once.
 */
export function publishForwarded(
  bus: EventBus | undefined,
  tenantId: string,
  polls: readonly ForwardedPoll[],
): void {
  if (bus === undefined) return
  for (const p of polls) {
    const ref = { tenantId, deviceId: p.deviceId }
    if (p.from !== p.to)
      bus.emit('device.status_changed', { ...ref, from: p.from, to: p.to, at: p.at })
    for (const ev of p.events)
      // the poller publishes these kinds; the others are written by other domains, not the poll
      if (POLLER_EVENTS.has(ev.kind))
        bus.emit('device.event', {
          ...ref,
          kind: ev.kind as DeviceEventKind,
          message: ev.message,
          at: p.at,
        })
    bus.emit('device.polled', { ...ref, status: p.to, at: p.at, durationMs: 0, points: p.points })
  }
}

/** A batch naming another tenant's or edge's device: audited, and nothing of it applied. */
export async function refuseForeign(
  global: GlobalDb,
  edge: EdgePrincipal,
  foreign: readonly string[],
  ip: string | null,
  now: number,
): Promise<never> {
  await recordAudit(
    global,
    {
      tenantId: edge.tenantId,
      actor: { kind: 'anonymous', id: null, name: `edge ${edge.name}` },
      ip,
      action: 'edge.batch_refused',
      target: { type: 'edge', id: edge.edgeId, label: edge.name },
      outcome: 'failure',
      details: { reason: 'devices that do not belong to this edge', devices: foreign.slice(0, 20) },
    },
    now,
  )
  throw new ForbiddenError(
    'The batch names devices that do not belong to this edge; nothing was applied.',
    { code: 'edge_foreign_device' },
  )
}
