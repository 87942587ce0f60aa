// The device row behind the use cases of devices.service.ts and device-state.service.ts: found in
// the tenant or a 404, still there inside the transaction, shown without secrets, and not one an
// edge appliance owns.
import type { TenantScope } from '../db/tenant-scope.ts'
import { findLabel } from '../labels/index.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { isId } from '../lib/ids.ts'
import { findDeviceRow, labelsOfDevices, toDeviceView, type DeviceRow } from './devices.repo.ts'
import type { DeviceView } from './devices.types.ts'

export const notFound = () => new NotFoundError('Device not found.', { code: 'device_not_found' })

export async function getRow(scope: TenantScope, id: string): Promise<DeviceRow> {
  const row = isId(id) ? await findDeviceRow(scope, id) : undefined
  if (!row) throw notFound()
  return row
}

/**
 * The row read before the transaction may be gone by the time it runs (a concurrent delete):
 * then the change is a 404 and rolls back, so no link rows fail their foreign key and no audit
 * entry claims a change that did not happen.
 */
export function assertStillThere(changedRows: number): void {
  if (changedRows === 0) throw notFound()
}

export async function viewOf(scope: TenantScope, row: DeviceRow): Promise<DeviceView> {
  const site = row.site_id ? ((await findLabel(scope, 'sites', row.site_id)) ?? null) : null
  const { tags, groups } = await labelsOfDevices(scope, [row.id])
  const siteRef = site ? { id: site.id, name: site.name } : null
  const view = toDeviceView(row, siteRef, tags.get(row.id) ?? [], groups.get(row.id) ?? [])
  const edge = await edgeOf(scope, row)
  return edge === undefined
    ? view
    : { ...view, viaEdge: edge.name, edgeRevoked: edge.revoked_at !== null }
}

function edgeOf(scope: TenantScope, row: DeviceRow) {
  if (row.edge_id === null) return Promise.resolve(undefined)
  return scope
    .selectFrom('edges')
    .select(['name', 'revoked_at'])
    .where('id', '=', row.edge_id)
    .executeTakeFirst()
}

/**
 * A device forwarded by an edge appliance (issue 20) has its settings edited there: the edge's
 * next forward would overwrite a central edit, so the central refuses it and says where to go.
 */
export function assertNotEdgeOwned(row: DeviceRow): void {
  if (row.edge_id !== null)
    throw new ConflictError(
      'This device is managed by an edge appliance; change its settings on the edge, which forwards them here.',
      { code: 'device_edge_owned' },
    )
}

/**
 * A device an edge appliance forwards is deleted on the edge (the central copy goes with the
 * edge's next forward); deleted here, the edge's next poll would bring it back. Once the edge is
 * revoked nothing forwards it any more, so its devices can be deleted here.
 */
export async function assertDeletableHere(scope: TenantScope, row: DeviceRow): Promise<void> {
  const edge = await edgeOf(scope, row)
  if (edge !== undefined && edge.revoked_at === null)
    throw new ConflictError(
      `This device is managed by the edge appliance ${edge.name}; delete it on the edge, which removes it here too (or revoke the edge first).`,
      { code: 'device_edge_owned' },
    )
}
