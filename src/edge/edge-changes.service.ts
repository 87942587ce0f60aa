// Central side of forwarded changes (issue 20): the edge pulls the change sets and previews queued
// for its devices and reports each outcome; changes/edge-forward.ts waits for that report. A
// preview's row has no change (change_id ''), and its report is the device's problems.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import { forTenant } from '../db/tenant-scope.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import type { EdgePrincipal } from './edge-auth.service.ts'
import type { EdgeReport } from './edge-wire.ts'
import { findEdgeChange, listQueuedChanges, updateEdge, updateEdgeChange } from './edges.repo.ts'

type ChangeDeps = Pick<Deps, 'db' | 'clock' | 'kysely'>

export interface PulledChange {
  id: string
  deviceId: string
  request: unknown
}

/**
 * The queued changes of this edge, marked delivered (each is handed out once). `previewsOnly`:
 * an edge busy with a change still answers previews.
 */
export async function pullEdgeChanges(
  deps: ChangeDeps,
  edge: EdgePrincipal,
  previewsOnly = false,
): Promise<PulledChange[]> {
  const scope = forTenant(deps.kysely, edge.tenantId)
  const now = deps.clock.now()
  const rows = await listQueuedChanges(scope, edge.edgeId, 20, previewsOnly)
  for (const r of rows)
    await updateEdgeChange(scope, r.id, { state: 'delivered', delivered_at: now })
  await updateEdge(scope, edge.edgeId, { last_contact_at: now })
  return rows.map((r) => ({ id: r.id, deviceId: r.device_id, request: JSON.parse(r.request_json) }))
}

/** Records the edge's outcome of one change (once; a second report is ignored). */
export async function reportEdgeChange(
  deps: ChangeDeps,
  edge: EdgePrincipal,
  id: string,
  result: EdgeReport,
  ip: string | null,
): Promise<void> {
  const scope = forTenant(deps.kysely, edge.tenantId)
  const row = await findEdgeChange(scope, edge.edgeId, id)
  if (!row) throw new NotFoundError('Change not found.', { code: 'edge_change_not_found' })
  const isPreview = row.change_id === ''
  if (isPreview !== (result.state === 'previewed'))
    throw new ValidationError(
      { state: isPreview ? 'this is a preview: report previewed' : 'this is a change set' },
      'The report does not fit the request.',
    )
  if (row.state === 'done') return
  const now = deps.clock.now()
  await updateEdgeChange(scope, id, {
    state: 'done',
    result_json: JSON.stringify(result),
    request_json: '{}',
    finished_at: now,
  })
  // a preview changes nothing (the central audits nothing for its own previews either)
  if (result.state === 'previewed') return
  await recordAudit(
    deps.db,
    {
      tenantId: edge.tenantId,
      actor: { kind: 'system', id: null, name: `edge ${edge.name}` },
      ip,
      action: 'edge.change_result',
      target: { type: 'device', id: row.device_id, label: null },
      outcome: result.state === 'kept' ? 'success' : 'failure',
      details: { changeId: row.change_id, state: result.state },
    },
    now,
  )
}
