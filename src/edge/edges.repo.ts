// Central side queries of the edge domain (issue 20), all through the tenant's scope.
import type { Selectable } from 'kysely'
import type { EdgeChangesTable, EdgesTable } from '../db/schema-edge.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type EdgeRow = Selectable<EdgesTable>
export type EdgeChangeRow = Selectable<EdgeChangesTable>

export async function insertEdge(scope: TenantScope, row: NewRow<'edges'>): Promise<void> {
  await scope.insertInto('edges', row).execute()
}

export function listEdgeRows(scope: TenantScope, limit: number): Promise<EdgeRow[]> {
  return scope.selectFrom('edges').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
}

export function findEdge(scope: TenantScope, id: string): Promise<EdgeRow | undefined> {
  return scope.selectFrom('edges').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateEdge(
  scope: TenantScope,
  id: string,
  patch: Partial<Omit<EdgeRow, 'id' | 'tenant_id'>>,
): Promise<void> {
  await scope.updateTable('edges').set(patch).where('id', '=', id).execute()
}

/** Devices per edge, for the list. */
export async function countEdgeDevices(scope: TenantScope): Promise<Map<string, number>> {
  const rows = await scope
    .selectFrom('devices')
    .select(['edge_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('edge_id', 'is not', null)
    .groupBy('edge_id')
    .execute()
  return new Map(rows.map((r) => [r.edge_id ?? '', Number(r.n)]))
}

/** Queued changes of one edge, oldest first. */
export function listQueuedChanges(
  scope: TenantScope,
  edgeId: string,
  limit: number,
  previewsOnly = false,
): Promise<EdgeChangeRow[]> {
  let q = scope
    .selectFrom('edge_changes')
    .selectAll()
    .where('edge_id', '=', edgeId)
    .where('state', '=', 'queued')
  if (previewsOnly) q = q.where('change_id', '=', '')
  return q.orderBy('created_at').limit(limit).execute()
}

export function findEdgeChange(
  scope: TenantScope,
  edgeId: string,
  id: string,
): Promise<EdgeChangeRow | undefined> {
  return scope
    .selectFrom('edge_changes')
    .selectAll()
    .where('edge_id', '=', edgeId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function updateEdgeChange(
  scope: TenantScope,
  id: string,
  patch: Partial<Omit<EdgeChangeRow, 'id' | 'tenant_id'>>,
): Promise<void> {
  await scope.updateTable('edge_changes').set(patch).where('id', '=', id).execute()
}
