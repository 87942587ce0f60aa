// A change for a device behind an edge appliance (issue 20): the central Outpost cannot reach the
// router, so the change set is queued for the edge, which pulls it, applies it through its own
// pipeline (validation, standard or safe mode, audit) and reports the outcome; this run waits
// for that report and records it as the change's result. A preview goes the same way and is
// awaited for timings.edgePreviewWaitMs (20 s: the edge's rounds are 5 s apart). Secrets in the queued
// request are cleared once the edge reported. A revoked edge reaches nothing: its devices'
// changes and previews fail at once.
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

/** Queues and awaits the change when the device is behind an edge; false: a direct device. */
export async function runOnEdge(r: RunContext): Promise<boolean> {
  const edge = await edgeOfDevice(r.scope, r.deviceId)
  if (edge === undefined) return false
  const edgeId = edge.id
  const now = () => r.deps.clock.now()
  if (edge.revoked_at !== null) {
    await r.progress.finish('failed', revoked(edge.name).message, now())
    return true
  }
  const id = newId(now())
  const row = r.progress.row
  await r.scope
    .insertInto('edge_changes', {
      id,
      edge_id: edgeId,
      device_id: r.deviceId as DeviceId,
      change_id: row.id,
      request_json: JSON.stringify({
        operations: r.ops,
        mode: row.mode,
        confirm: 'auto',
        windowS: row.window_s,
      }),
      state: 'queued',
      result_json: null,
      created_at: now(),
      delivered_at: null,
      finished_at: null,
    })
    .execute()
  await r.progress.state('applying', {
    message: 'queued for the edge appliance, which applies it at its next contact',
  })
  const deadline = now() + EDGE_REPORT_WAIT_MS
  for (;;) {
    const q = await r.scope
      .selectFrom('edge_changes')
      .select(['state', 'result_json'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (q?.state === 'done' && q.result_json !== null) {
      const rep = JSON.parse(q.result_json) as EdgeReport
      await r.progress.update({ results_json: JSON.stringify(rep.results) })
      await r.progress.finish(
        rep.state,
        `applied by the edge appliance: ${rep.message ?? rep.state}`,
        now(),
      )
      return true
    }
    if (q === undefined || now() > deadline) {
      await r.scope
        .updateTable('edge_changes')
        .set({ state: 'done', request_json: '{}', finished_at: now() })
        .where('id', '=', id)
        .execute()
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

const revoked = (name: string) =>
  new ConflictError(
    `The edge appliance ${name} that polls this device was revoked; nothing can reach the device now.`,
    { code: 'device_edge_revoked' },
  )

interface EdgePreviewReport {
  state: 'previewed'
  ok: boolean
  problems: ChangePreview['problems']
  message: string | null
}

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
  const id = newId(deps.clock.now())
  await scope
    .insertInto('edge_changes', {
      id,
      edge_id: edge.id,
      device_id: deviceId as DeviceId,
      change_id: '', // a preview: no change row
      request_json: JSON.stringify({ preview: { operations: ops } }),
      state: 'queued',
      result_json: null,
      created_at: deps.clock.now(),
      delivered_at: null,
      finished_at: null,
    })
    .execute()
  const started = performance.now()
  for (;;) {
    const q = await scope
      .selectFrom('edge_changes')
      .select(['state', 'result_json'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (q?.state === 'done' && q.result_json !== null) {
      const rep = JSON.parse(q.result_json) as EdgePreviewReport
      if (rep.message !== null && rep.problems.length === 0)
        throw new ConflictError(
          `The edge appliance ${edge.name} could not preview: ${rep.message}`,
          {
            code: 'edge_preview_failed',
          },
        )
      return rep.problems
    }
    if (q === undefined || performance.now() - started > timings.edgePreviewWaitMs) {
      await scope
        .updateTable('edge_changes')
        .set({ state: 'done', request_json: '{}', finished_at: deps.clock.now() })
        .where('id', '=', id)
        .execute()
      throw new ConflictError(
        `The edge appliance ${edge.name} did not answer the preview within ${Math.round(timings.edgePreviewWaitMs / 1000)} s; is it online? It validates the change again before applying it.`,
        { code: 'edge_preview_timeout' },
      )
    }
    await timings.sleep(PREVIEW_CHECK_EVERY_MS)
  }
}
