// Edge side (issue 20): the next batch of the outbox, oldest first, within the entry and byte
// limits. A backup's text is read (opened) only now, so the outbox never holds a configuration
// in clear; a version pruned meanwhile is simply dropped.
import { binaryPassword, readBackupText, readBinaryBackup } from '../backups/index.ts'
import type { Deps } from '../deps.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { NotFoundError } from '../lib/errors.ts'
import type { MetricPoint } from '../metrics/index.ts'
import type { MetricRollup } from './metric-rollup.ts'
import { MAX_FORWARDED_BINARY_BYTES } from './edge-wire.ts'

export interface OutboxBatch {
  /** each entry as JSON text, the stored payload spliced in unchanged */
  entries: string[]
  /** the last seq read: everything up to it is done once the central accepted the batch */
  lastSeq: number
}

async function backupText(deps: Deps, scope: TenantScope, deviceId: string, backupId: string) {
  try {
    return await readBackupText({ deps, scope }, deviceId as DeviceId, backupId)
  } catch (e) {
    if (e instanceof NotFoundError) return undefined
    throw e
  }
}

/** A binary `.backup` as sent: base64 with its password; undefined when pruned or too large. */
async function binaryPayload(
  deps: Deps,
  scope: TenantScope,
  r: { device_id: string; at: number; payload_json: string },
): Promise<string | undefined> {
  const { device, backupId } = JSON.parse(r.payload_json) as { device: unknown; backupId: string }
  const deviceId = r.device_id as DeviceId
  const meta = await scope
    .selectFrom('device_binary_backups')
    .select(['encrypted', 'size'])
    .where('device_id', '=', deviceId)
    .where('id', '=', backupId)
    .executeTakeFirst()
  if (meta === undefined) return undefined
  if (meta.size > MAX_FORWARDED_BINARY_BYTES) {
    deps.log.warn({ deviceId, size: meta.size }, 'binary backup too large to forward; kept here')
    return undefined
  }
  const ctx = { deps, scope }
  const data = (await readBinaryBackup(ctx, deviceId, backupId)).toString('base64')
  const password = meta.encrypted === 1 ? await binaryPassword(ctx, deviceId) : null
  return JSON.stringify({ device, capturedAt: r.at, data, password })
}

export async function buildBatch(
  deps: Deps,
  scope: TenantScope,
  limits: { batchEntries: number; batchBytes: number },
  rollup: MetricRollup,
  afterSeq: number,
): Promise<OutboxBatch | undefined> {
  const rows = await scope
    .selectFrom('edge_outbox')
    .select(['seq', 'kind', 'device_id', 'at', 'payload_json'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limits.batchEntries)
    .execute()
  if (rows.length === 0) return undefined
  const entries: string[] = []
  let bytes = 0
  let lastSeq = 0
  for (const r of rows) {
    if (entries.length > 0 && bytes + r.payload_json.length > limits.batchBytes) break
    let payload = r.payload_json
    if (r.kind === 'poll') {
      // the poll's own samples go into the 5-minute average; a closed bucket rides along
      const p = JSON.parse(payload) as { points: MetricPoint[]; pointsAt?: number }
      const closed = rollup.add(r.device_id, r.at, p.points)
      p.points = closed?.points ?? []
      if (closed) p.pointsAt = closed.at
      payload = JSON.stringify(p)
    } else if (r.kind === 'backup') {
      const { device, backupId } = JSON.parse(r.payload_json) as {
        device: unknown
        backupId: string
      }
      const text = await backupText(deps, scope, r.device_id, backupId)
      if (text === undefined) {
        lastSeq = r.seq
        continue
      }
      payload = JSON.stringify({ device, capturedAt: r.at, text })
    } else if (r.kind === 'binary') {
      const data = await binaryPayload(deps, scope, r)
      if (data === undefined) {
        lastSeq = r.seq
        continue
      }
      payload = data
    }
    // a file read just now may be far larger than its outbox row: it waits for the next batch
    // (a poll is never put back: its samples are already in the rollup)
    if (r.kind !== 'poll' && entries.length > 0 && bytes + payload.length > limits.batchBytes) break
    lastSeq = r.seq
    const head = JSON.stringify({ seq: r.seq, kind: r.kind, deviceId: r.device_id, at: r.at })
    const entry = `${head.slice(0, -1)},"payload":${payload}}`
    bytes += entry.length
    entries.push(entry)
  }
  return { entries, lastSeq }
}

/** Entries still waiting (the backlog reported to the central). */
export async function outboxSize(scope: TenantScope): Promise<number> {
  const r = await scope
    .selectFrom('edge_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}
