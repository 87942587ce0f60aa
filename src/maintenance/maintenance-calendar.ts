// The alert engine's view of maintenance windows: `isSilenced` runs inside the alert's transaction,
// where only the tenant scope may be used (a query on another handle would deadlock the one
// connection), so the tenants' time zones are kept here, read outside any transaction at start and
// on every watcher tick (and set at once when an admin changes one).
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { allTenantZones, listWindows } from './maintenance.repo.ts'
import { openWindowFor, type Place } from './window-match.ts'

export class MaintenanceCalendar {
  readonly #zones = new Map<string, string>()

  zoneOf(tenantId: string): string {
    return this.#zones.get(tenantId) ?? 'UTC'
  }

  setZone(tenantId: string, tz: string): void {
    this.#zones.set(tenantId, tz)
  }

  async refreshZones(db: GlobalDb): Promise<void> {
    for (const t of await allTenantZones(db)) this.#zones.set(t.id, t.time_zone)
  }

  /** The AlertEngine hook: is the device inside a window at `at`? */
  readonly isSilenced = async (
    scope: TenantScope,
    deviceId: string,
    place: Place,
    at: number,
  ): Promise<boolean> => {
    const windows = await listWindows(scope)
    return openWindowFor(windows, deviceId, place, at, this.zoneOf(scope.tenantId)) !== undefined
  }
}
