// The live cells of the device table (issue 15): what a poll changes, for a few devices at a time.
import type { TenantScope } from '../db/tenant-scope.ts'
import { isId } from '../lib/ids.ts'
import type { DeviceId, DeviceView } from './devices.types.ts'

/** What the live cells show: the fields a poll changes. */
export type DeviceCellsView = Pick<
  DeviceView,
  'id' | 'status' | 'isEnabled' | 'lastError' | 'board' | 'version' | 'lastSeenAt'
>

/** At most this many devices per request: one table page (per_page max 500). */
export const MAX_CELL_IDS = 500

/** Device ids from `?ids=a,b,c`: unknown shapes dropped, duplicates removed, capped. */
export function parseCellIds(raw: string | undefined): DeviceId[] {
  const ids = new Set((raw ?? '').split(',').filter((s) => isId(s)))
  return [...ids].slice(0, MAX_CELL_IDS) as DeviceId[]
}

/** The live cells of these devices of the tenant; other tenants' ids simply match nothing. */
export async function deviceCells(scope: TenantScope, ids: DeviceId[]): Promise<DeviceCellsView[]> {
  if (ids.length === 0) return []
  const rows = await scope
    .selectFrom('devices')
    .select(['id', 'last_status', 'is_enabled', 'last_error', 'board', 'version', 'last_seen_at'])
    .where('devices.id', 'in', ids)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    status: r.last_status,
    isEnabled: r.is_enabled === 1,
    lastError: r.last_error,
    board: r.board,
    version: r.version,
    lastSeenAt: r.last_seen_at,
  }))
}
