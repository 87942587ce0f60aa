// The times maintenance windows were open within a period, per device (reports leave them out of
// availability). One-off windows are their own interval; weekly ones are expanded day by day in
// the tenant's time zone, like openUntil() reads them.
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { devicePlacesOf, listWindows, tenantTimeZone, type WindowRow } from './maintenance.repo.ts'
import { coversDevice } from './window-match.ts'
import { localToInstant, wallMinutes } from './window-time.ts'

const MINUTE = 60_000
const DAY_MIN = 1440

function windowIntervals(w: WindowRow, from: number, to: number, tz: string): [number, number][] {
  if (w.kind === 'once') {
    if (w.starts_at === null || w.ends_at === null) return []
    const a = Math.max(w.starts_at, from)
    const b = Math.min(w.ends_at, to)
    return b > a ? [[a, b]] : []
  }
  if (w.duration_min <= 0 || w.week_days === 0) return []
  const out: [number, number][] = []
  // an occurrence that started before `from` may still be open at `from`
  const firstDay = Math.floor(wallMinutes(from, tz) / DAY_MIN) - Math.ceil(w.duration_min / DAY_MIN)
  const lastDay = Math.floor(wallMinutes(to, tz) / DAY_MIN)
  for (let day = firstDay; day <= lastDay; day++) {
    // 1970-01-01 was a Thursday: Monday-based index 3
    if ((w.week_days & (1 << ((day + 3) % 7))) === 0) continue
    const startWall = new Date((day * DAY_MIN + w.start_minute) * MINUTE).toISOString().slice(0, 16)
    const endWall = new Date((day * DAY_MIN + w.start_minute + w.duration_min) * MINUTE)
      .toISOString()
      .slice(0, 16)
    const a = Math.max(localToInstant(startWall, tz) ?? 0, from)
    const b = Math.min(localToInstant(endWall, tz) ?? 0, to)
    if (b > a) out.push([a, b])
  }
  return out
}

/** Per device: the intervals within [from, to) that a window covering it was open. */
export async function maintenanceIntervals(
  deps: Pick<Deps, 'db'>,
  scope: TenantScope,
  deviceIds: readonly string[],
  from: number,
  to: number,
): Promise<Map<string, [number, number][]>> {
  const out = new Map<string, [number, number][]>()
  const windows = await listWindows(scope)
  if (windows.length === 0 || deviceIds.length === 0) return out
  const [tz, places] = await Promise.all([
    tenantTimeZone(deps.db, scope.tenantId),
    devicePlacesOf(scope, deviceIds),
  ])
  const expanded = windows.map((w) => ({ w, intervals: windowIntervals(w, from, to, tz) }))
  for (const id of deviceIds) {
    const place = places.get(id) ?? { siteId: null, tagIds: [] }
    const list = expanded.filter((e) => coversDevice(e.w, id, place)).flatMap((e) => e.intervals)
    if (list.length > 0) out.set(id, list)
  }
  return out
}
