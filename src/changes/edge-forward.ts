// A change for a device behind an edge appliance (issue 20): the central Outpost cannot reach the
// router, so the change set is queued for the edge, which pulls it, applies it through its own
// pipeline (validation, standard or safe mode, audit) and reports the outcome; this run waits
// for that report and records it as the change's result. Secrets in the queued request are
// cleared once the edge reported.
import type { DeviceId } from '../db/schema-devices.ts'
import { newId } from '../lib/ids.ts'
import type { OperationResult } from './changes.types.ts'
import type { RunContext } from './run-context.ts'

/** How long the central waits for the edge's report before the change counts as failed. */
const EDGE_REPORT_WAIT_MS = 30 * 60_000
const CHECK_EVERY_MS = 500

interface EdgeReport {
  state: 'kept' | 'reverted' | 'failed' | 'lost'
  message: string | null
  results: OperationResult[]
}

/** Queues and awaits the change when the device is behind an edge; false: a direct device. */
export async function runOnEdge(r: RunContext): Promise<boolean> {
  const device = await r.scope
    .selectFrom('devices')
    .select('edge_id')
    .where('id', '=', r.deviceId as DeviceId)
    .executeTakeFirst()
  const edgeId = device?.edge_id ?? null
  if (edgeId === null) return false
  const now = () => r.deps.clock.now()
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
