// The central Outpost applying an edge's batch (issue 20). Everything lands in the edge's own
// tenant (any tenant id an edge might send is not even parsed); a device id must be new or
// already belong to this edge, or the whole batch is refused and audited. Entries at or below
// the edge's last applied sequence are replays and ignored, so a batch re-sent after a lost
// answer changes nothing. One transaction per batch: the sequence moves with the data it covers.
import { storeCapture } from '../backups/index.ts'
import type { Deps } from '../deps.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { dataKeyFor, endpointWithDefaults, sealCredentials } from '../device-access/index.ts'
import { BadRequestError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import type { MetricPoint, MetricsBackend } from '../metrics/index.ts'
import type { EventBus } from '../poller/index.ts'
import {
  applyBinary,
  applyDelete,
  applySettings,
  publishForwarded,
  refuseForeign,
  type ForwardedPoll,
} from './edge-apply-entries.ts'
import type { EdgePrincipal } from './edge-auth.service.ts'
import type { EdgeBatch, EdgeEntry } from './edge-wire.ts'

type ApplyDeps = Pick<Deps, 'db' | 'clock' | 'kysely' | 'secrets'>

export interface BatchResult {
  appliedSeq: number
  applied: number
  ignored: number
}

type PollEntry = Extract<EdgeEntry, { kind: 'poll' }>

interface KnownDevice {
  id: string
  tenant_id: string
  edge_id: string | null
  name: string
  host: string
  last_status: ForwardedPoll['from'] | null
}

/** The batch's devices as they exist anywhere on this appliance (one query for the batch). */
async function existingDevices(tx: Tx, ids: string[]): Promise<Map<string, KnownDevice>> {
  const out = new Map<string, KnownDevice>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx.unscoped
      .selectFrom('devices')
      .select(['id', 'tenant_id', 'edge_id', 'name', 'host', 'last_status'])
      .where('id', 'in', ids.slice(i, i + 500) as DeviceId[])
      .execute()
    for (const r of rows) out.set(r.id, r)
  }
  return out
}

/** Creates a device seen for the first time, or follows a rename on the edge. */
async function ensureDevice(
  scope: TenantScope,
  key: Uint8Array,
  edge: EdgePrincipal,
  e: EdgeEntry,
  known: Map<string, KnownDevice>,
  now: number,
): Promise<void> {
  const { name, host } = e.payload.device
  const found = known.get(e.deviceId)
  if (found) {
    if (found.name === name && found.host === host) return
    await scope
      .updateTable('devices')
      .set({ name, host })
      .where('id', '=', e.deviceId as DeviceId)
      .execute()
    known.set(e.deviceId, { ...found, name, host })
    return
  }
  known.set(e.deviceId, {
    id: e.deviceId,
    tenant_id: edge.tenantId,
    edge_id: edge.edgeId,
    name,
    host,
    last_status: null,
  })
  // the central never connects to it: credentials are empty, sealed like any other device's
  const endpoint = endpointWithDefaults({ host, host2: null, api_port: 8728 })
  const sealed = sealCredentials(
    key,
    scope.tenantId,
    e.deviceId,
    { username: '', password: '' },
    endpoint,
  )
  await scope
    .insertInto('devices', {
      id: e.deviceId as DeviceId,
      name,
      host,
      host2: null,
      tls_fingerprint: null,
      tls_ca_pem: null,
      ssh_host_key: null,
      site_id: null,
      latitude: null,
      longitude: null,
      identity: null,
      board: null,
      version: null,
      serial: null,
      last_error: null,
      last_seen_at: null,
      last_polled_at: null,
      created_at: now,
      updated_at: now,
      edge_id: edge.edgeId,
      ...sealed,
    })
    .execute()
}

type Patch = PollEntry['payload']['patch']

/**
 * Events and snapshots of one poll; the device row's patch is merged (later polls win, field by
 * field, as if each had been written) and written once per device at the end of the batch.
 */
async function applyPoll(
  scope: TenantScope,
  e: PollEntry,
  patches: Map<string, Patch>,
): Promise<void> {
  const id = e.deviceId as DeviceId
  const p = e.payload
  patches.set(e.deviceId, { ...patches.get(e.deviceId), ...p.patch })
  if (p.events.length > 0)
    await scope
      .insertInto(
        'device_events',
        p.events.map((ev) => ({
          id: newId(e.at),
          device_id: id,
          at: e.at,
          kind: ev.kind,
          message: ev.message,
        })),
      )
      .execute()
  for (const s of p.snapshots)
    await scope
      .insertInto('device_snapshots', {
        device_id: id,
        kind: s.kind,
        data_json: s.json,
        updated_at: e.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'device_id', 'kind'])
          .doUpdateSet({ data_json: s.json, updated_at: e.at }),
      )
      .execute()
}

function checkOrder(entries: readonly EdgeEntry[]): void {
  for (let i = 1; i < entries.length; i++)
    if (entries[i]!.seq <= entries[i - 1]!.seq)
      throw new BadRequestError('Batch entries must be in ascending seq order.', {
        code: 'edge_batch_order',
      })
}

/**
 * Applies a batch; answers the highest sequence now applied (the edge deletes up to it).
 * @example const r = await applyEdgeBatch(deps, edge, batch, metrics, ip)
 */
export async function applyEdgeBatch(
  deps: ApplyDeps,
  edge: EdgePrincipal,
  batch: EdgeBatch,
  metrics: MetricsBackend | undefined,
  ip: string | null,
  bus?: EventBus,
): Promise<BatchResult> {
  checkOrder(batch.entries)
  const now = deps.clock.now()
  const key = await dataKeyFor(deps, forTenant(deps.kysely, edge.tenantId))
  const points: { deviceId: string; at: number; points: MetricPoint[] }[] = []
  const polls: ForwardedPoll[] = []
  const deleted: string[] = []
  const outcome = await withTransaction(deps, async (tx) => {
    const scope = tx.scope(edge.tenantId)
    const current = await scope
      .selectFrom('edges')
      .select('last_seq')
      .where('id', '=', edge.edgeId)
      .executeTakeFirst()
    const lastSeq = current?.last_seq ?? edge.lastSeq
    const fresh = batch.entries.filter((e) => e.seq > lastSeq)
    const known = await existingDevices(tx, [...new Set(fresh.map((e) => e.deviceId))])
    const foreign = [...known.values()]
      .filter((d) => d.tenant_id !== edge.tenantId || d.edge_id !== edge.edgeId)
      .map((d) => d.id)
    if (foreign.length > 0) return { foreign, result: undefined }
    const patches = new Map<string, Patch>()
    for (const e of fresh) {
      if (e.kind === 'delete') {
        // a device the central never saw (or removed already) has nothing to delete
        if (!known.has(e.deviceId)) continue
        // its pending row patch goes too: writing it after the delete would find nothing anyway
        patches.delete(e.deviceId)
        known.delete(e.deviceId)
        if (await applyDelete(scope, tx.global, edge, e, ip, now)) deleted.push(e.deviceId)
        continue
      }
      await ensureDevice(scope, key, edge, e, known, now)
      if (e.kind === 'poll') {
        await applyPoll(scope, e, patches)
        const device = known.get(e.deviceId)!
        const from = device.last_status ?? 'unknown'
        device.last_status = e.payload.patch.last_status
        polls.push({
          deviceId: e.deviceId,
          at: e.at,
          from,
          to: e.payload.patch.last_status,
          events: e.payload.events,
          points: e.payload.points,
        })
        if (e.payload.points.length > 0)
          points.push({
            deviceId: e.deviceId,
            at: e.payload.pointsAt ?? e.at,
            points: e.payload.points,
          })
      } else if (e.kind === 'device') {
        await applySettings(scope, e, now)
      } else if (e.kind === 'binary') {
        await applyBinary(scope, key, e, now)
      } else {
        // the edge verified the capture already; one the central's check refuses is skipped,
        // never allowed to block the queue behind it
        await storeCapture({ deps, scope }, e.deviceId as DeviceId, {
          stdout: e.payload.text,
          stderr: '',
          exitCode: 0,
          capturedAt: e.payload.capturedAt,
          retried: true,
        })
      }
    }
    for (const [id, patch] of patches)
      await scope
        .updateTable('devices')
        .set(patch)
        .where('id', '=', id as DeviceId)
        .execute()
    const appliedSeq = Math.max(lastSeq, ...batch.entries.map((e) => e.seq))
    await scope
      .updateTable('edges')
      .set({
        last_seq: appliedSeq,
        last_contact_at: now,
        backlog: batch.backlog,
        version: batch.version,
      })
      .where('id', '=', edge.edgeId)
      .execute()
    return {
      foreign: undefined,
      result: { appliedSeq, applied: fresh.length, ignored: batch.entries.length - fresh.length },
    }
  })
  if (outcome.result === undefined)
    return refuseForeign(deps.db, edge, outcome.foreign ?? [], ip, now)
  const gone = new Set(deleted)
  for (const p of points)
    if (!gone.has(p.deviceId)) metrics?.record(edge.tenantId, p.deviceId, p.at, p.points)
  for (const id of deleted) await metrics?.removeDevice(edge.tenantId, id)
  publishForwarded(
    bus,
    edge.tenantId,
    polls.filter((p) => !gone.has(p.deviceId)),
  )
  return outcome.result
}
