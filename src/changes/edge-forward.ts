// A change for a device behind an edge appliance (issue 20): the central Outpost cannot reach the
// router, so the change set is queued for the edge, which pulls it, applies it through its own
// pipeline (validation, standard or safe mode, audit) and reports the outcome; this run waits
// for that report and records it as the change's result. A preview goes the same way and is
// awaited for timings.edgePreviewWaitMs (20 s: the edge's rounds are 5 s apart). Secrets in the
// queued request are cleared once the edge reported (or gave up on). A revoked edge reaches
// nothing: its devices' changes and previews fail at once.
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { ConflictError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import type { ChangeOperation, ChangePreview, OperationResult } from './changes.types.ts'
import type { ChangeDeps, RunContext } from './run-context.ts'
import type { ChangeTimings } from './timings.ts'

/** How long the central waits for the edge's report before the change counts as failed. */
const EDGE_REPORT_WAIT_MS = 30 * 60_000
const CHECK_EVERY_MS = 500
const PREVIEW_CHECK_EVERY_MS = 200

interface EdgeReport {
  state: 'kept' | 'reverted' | 'failed' | 'lost'
  message: string | null
  results: OperationResult[]
}

interface EdgePreviewReport {
  state: 'previewed'
  ok: boolean
  problems: ChangePreview['problems']
  message: string | null
}

const revoked = (name: string) =>
  new ConflictError(
    `The edge appliance ${name} that polls this device was revoked; nothing can reach the device now.`,
    { code: 'device_edge_revoked' },
  )

async function edgeOfDevice(scope: TenantScope, deviceId: string) {
  const device = await scope
    .selectFrom('devices')
    .select('edge_id')
    .where('id', '=', deviceId as DeviceId)
    .executeTakeFirst()
  if (device?.edge_id == null) return undefined
  return scope
    .selectFrom('edges')
    .select(['id', 'name', 'revoked_at'])
    .where('id', '=', device.edge_id)
    .executeTakeFirst()
}

interface Queued {
  edgeId: string
  deviceId: string
  /** the change row; '' for a preview */
  changeId: string
  request: unknown
}

/** Queues a request for the edge to pull; returns its id. */
async function queueForEdge(scope: TenantScope, now: number, q: Queued): Promise<string> {
  const id = newId(now)
  await scope
    .insertInto('edge_changes', {
      id,
      edge_id: q.edgeId,
      device_id: q.deviceId as DeviceId,
      change_id: q.changeId,
      request_json: JSON.stringify(q.request),
      state: 'queued',
      result_json: null,
      created_at: now,
      delivered_at: null,
      finished_at: null,
    })
    .execute()
  return id
}

/** The edge's report once it came; null while waiting; undefined when the row is gone. */
async function reportOf<T>(scope: TenantScope, id: string): Promise<T | null | undefined> {
  const q = await scope
    .selectFrom('edge_changes')
    .select(['state', 'result_json'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (q === undefined) return undefined
  return q.state === 'done' && q.result_json !== null ? (JSON.parse(q.result_json) as T) : null
}

/** Waiting is over without a report: the request (and any secret in it) is dropped. */
async function giveUp(scope: TenantScope, id: string, now: number): Promise<void> {
  await scope
    .updateTable('edge_changes')
    .set({ state: 'done', request_json: '{}', finished_at: now })
    .where('id', '=', id)
    .execute()
}

/** Queues and awaits the change when the device is behind an edge; false: a direct device. */
export async function runOnEdge(r: RunContext): Promise<boolean> {
  const edge = await edgeOfDevice(r.scope, r.deviceId)
  if (edge === undefined) return false
  const now = () => r.deps.clock.now()
  if (edge.revoked_at !== null) {
    await r.progress.finish('failed', revoked(edge.name).message, now())
    return true
  }
  const row = r.progress.row
  const id = await queueForEdge(r.scope, now(), {
    edgeId: edge.id,
    deviceId: r.deviceId,
    changeId: row.id,
    request: { operations: r.ops, mode: row.mode, confirm: 'auto', windowS: row.window_s },
  })
  await r.progress.state('applying', {
    message: 'queued for the edge appliance, which applies it at its next contact',
  })
  const deadline = now() + EDGE_REPORT_WAIT_MS
  for (;;) {
    const rep = await reportOf<EdgeReport>(r.scope, id)
    if (rep) {
      await r.progress.update({ results_json: JSON.stringify(rep.results) })
      await r.progress.finish(
        rep.state,
        `applied by the edge appliance: ${rep.message ?? rep.state}`,
        now(),
      )
      return true
    }
    if (rep === undefined || now() > deadline) {
      await giveUp(r.scope, id, now())
      await r.progress.finish(
        'failed',
        'the edge appliance did not report the outcome in time; check the device there',
        now(),
      )
      return true
    }
    await r.timings.sleep(CHECK_EVERY_MS)
  }
}

/**
 * The problems the edge found validating `ops` against the device, or undefined for a device
 * this Outpost reaches itself. The edge not answering in time is a 409 that says so.
 */
export async function previewOnEdge(
  deps: ChangeDeps,
  scope: TenantScope,
  deviceId: string,
  ops: readonly ChangeOperation[],
  timings: Pick<ChangeTimings, 'sleep' | 'edgePreviewWaitMs'>,
): Promise<ChangePreview['problems'] | undefined> {
  const edge = await edgeOfDevice(scope, deviceId)
  if (edge === undefined) return undefined
  if (edge.revoked_at !== null) throw revoked(edge.name)
  const id = await queueForEdge(scope, deps.clock.now(), {
    edgeId: edge.id,
    deviceId,
    changeId: '',
    request: { preview: { operations: ops } },
  })
  const started = performance.now()
  for (;;) {
    const rep = await reportOf<EdgePreviewReport>(scope, id)
    if (rep) {
      if (rep.message !== null && rep.problems.length === 0)
        throw new ConflictError(
          `The edge appliance ${edge.name} could not preview: ${rep.message}`,
          {
            code: 'edge_preview_failed',
          },
        )
      return rep.problems
    }
    if (rep === undefined || performance.now() - started > timings.edgePreviewWaitMs) {
      await giveUp(scope, id, deps.clock.now())
      const s = Math.round(timings.edgePreviewWaitMs / 1000)
      throw new ConflictError(
        `The edge appliance ${edge.name} did not answer the preview within ${s} s; is it online? It validates the change again before applying it.`,
        { code: 'edge_preview_timeout' },
      )
    }
    await timings.sleep(PREVIEW_CHECK_EVERY_MS)
  }
}
