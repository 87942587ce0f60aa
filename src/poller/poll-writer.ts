// Group commit of poll results (issue 20): on PostgreSQL every transaction costs round trips of
// its own (BEGIN, the tenant settings, COMMIT) and a commit on the server, several times the
// cost of the one UPDATE a poll needs. So the results of one tenant that arrive within a short
// window (the polls one scheduler tick started end close together) are written in ONE
// transaction: each device's writes as before, its lease checked right before them, the edge
// link looked up once. A batch that fails is written again device by device, so one device's
// failure stays its own.
import { appendEdgeOutbox, edgeLinked } from '../db/edge-outbox.ts'
import type { DeviceSnapshotKind } from '../db/schema-poller.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { PollResult } from './poll-result.ts'
import { insertDeviceEvents, updateDevicePollState, upsertSnapshot } from './poller.repo.ts'

/** One poll's writes. */
export interface PollWrite {
  scope: TenantScope
  deviceId: string
  at: number
  result: PollResult
  snaps: readonly { kind: DeviceSnapshotKind; json: string }[]
  /** whether this process still polls the device (several pollers), asked right before writing */
  owns?: () => boolean
}

/** stored; the row is gone (deleted while polled); the lease moved on, nothing written */
export type WriteOutcome = 'stored' | 'gone' | 'not_owned'

/**
 * Writes one poll in `tx` (a transaction): the device row, events, changed snapshots and the
 * edge outbox entry. The row may have been deleted while the poll ran: its events and snapshots
 * would break the (tenant_id, device_id) foreign key, so they are written only if it is there.
 */
export async function writePoll(
  tx: TenantScope,
  w: PollWrite,
  linked?: boolean,
): Promise<WriteOutcome> {
  // several pollers: the device's lease moved on while this poll ran (a pause, a rebalance), so
  // another process owns it now and this result is not stored; the next sync drops the device
  if (w.owns?.() === false) return 'not_owned'
  const { result, snaps, at } = w
  if (!(await updateDevicePollState(tx, w.deviceId, result.patch))) return 'gone'
  await insertDeviceEvents(tx, w.deviceId, result.events, at)
  for (const s of snaps) await upsertSnapshot(tx, w.deviceId, s.kind, s.json, at)
  // edge appliances (issue 20): what this poll recorded, for the central Outpost
  await appendEdgeOutbox(
    tx,
    'poll',
    w.deviceId,
    at,
    () => ({
      patch: result.patch,
      events: result.events,
      points: result.points,
      snapshots: snaps.map((s) => ({ kind: s.kind, json: s.json })),
    }),
    linked,
  )
  return 'stored'
}

/** Writes one poll in a transaction of its own. */
export function writePollAlone(w: PollWrite): Promise<WriteOutcome> {
  return w.scope.transaction((tx) => writePoll(tx, w))
}

interface Pending {
  w: PollWrite
  resolve: (o: WriteOutcome) => void
  reject: (err: unknown) => void
}

export interface PollWriterOptions {
  /** how long the first result of a tenant waits for others (ms) */
  windowMs?: number
  /** results per transaction at most */
  maxBatch?: number
}

/** Collects poll results per tenant and writes each group in one transaction. */
export class PollWriter {
  readonly #windowMs: number
  readonly #maxBatch: number
  readonly #queues = new Map<string, Pending[]>()
  readonly #timers = new Map<string, NodeJS.Timeout>()
  readonly #busy = new Set<string>()

  constructor(opts: PollWriterOptions = {}) {
    this.#windowMs = opts.windowMs ?? 20
    this.#maxBatch = Math.max(1, opts.maxBatch ?? 200)
  }

  /** Resolves once the poll's transaction committed (or rejects with its error). */
  write(w: PollWrite): Promise<WriteOutcome> {
    const tenant = w.scope.tenantId
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(tenant) ?? []
      queue.push({ w, resolve, reject })
      this.#queues.set(tenant, queue)
      if (queue.length >= this.#maxBatch) this.#flush(tenant)
      else if (!this.#timers.has(tenant))
        this.#timers.set(
          tenant,
          setTimeout(() => this.#flush(tenant), this.#windowMs),
        )
    })
  }

  /**
   * One batch per tenant at a time: results that arrive while it is written go in the next one,
   * so a slow database gets bigger batches, not more transactions holding pooled connections
   * (which the lease renewals need too).
   */
  #flush(tenant: string): void {
    clearTimeout(this.#timers.get(tenant))
    this.#timers.delete(tenant)
    if (this.#busy.has(tenant)) return
    const queue = this.#queues.get(tenant) ?? []
    const batch = queue.splice(0, this.#maxBatch)
    if (queue.length === 0) this.#queues.delete(tenant)
    if (batch.length === 0) return
    this.#busy.add(tenant)
    void writeBatch(batch).finally(() => {
      this.#busy.delete(tenant)
      if (this.#queues.has(tenant)) this.#flush(tenant)
    })
  }
}

async function writeBatch(batch: readonly Pending[]): Promise<void> {
  if (batch.length > 1) {
    try {
      const outcomes = await batch[0]!.w.scope.transaction(async (tx) => {
        const linked = await edgeLinked(tx)
        const out: WriteOutcome[] = []
        for (const p of batch) out.push(await writePoll(tx, p.w, linked))
        return out
      })
      batch.forEach((p, i) => p.resolve(outcomes[i]!))
      return
    } catch {
      // nothing of the batch committed: each result is written alone, so a failure is its own
    }
  }
  for (const p of batch) await writePollAlone(p.w).then(p.resolve, p.reject)
}
