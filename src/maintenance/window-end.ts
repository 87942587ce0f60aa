// When a maintenance window ends with an alert still open, the alert is notified then: each tick
// finds the open alerts recorded inside a window (is_silenced = 1) whose device is no longer in
// any window, clears the flag and queues the "opened" message in the outbox in one transaction,
// exactly as opening an alert outside a window does. Deleting or shortening a window has the same
// effect. Started by startup.ts; one tenant's failure is logged and the others go on.
import { notifyAlertNow } from '../alerts/index.ts'
import type { Deps } from '../deps.ts'
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import type { Logger } from '../log.ts'
import type { MaintenanceCalendar } from './maintenance-calendar.ts'
import {
  allTenantZones,
  devicePlacesOf,
  listWindows,
  silencedOpenAlerts,
} from './maintenance.repo.ts'
import { openWindowFor } from './window-match.ts'

export interface WindowEndDeps {
  deps: Pick<Deps, 'kysely' | 'db' | 'clock'> & { config: { publicUrl: string } }
  log: Logger
  calendar: MaintenanceCalendar
  /** told about each alert that is notified now (live pages) */
  onNotified?: (tenantId: string, deviceId: string, alertId: string) => void
}

const PER_TICK = 500

/** One pass over every tenant; returns how many alerts were notified. */
export async function notifyEndedWindows(w: WindowEndDeps): Promise<number> {
  await w.calendar.refreshZones(w.deps.db)
  let total = 0
  for (const t of await allTenantZones(w.deps.db)) {
    try {
      total += await notifyTenant(w, forTenant(w.deps.kysely, t.id as TenantId), t.time_zone)
    } catch (err) {
      w.log.error({ err, tenantId: t.id }, 'maintenance window end check failed')
    }
  }
  return total
}

async function notifyTenant(w: WindowEndDeps, scope: TenantScope, tz: string): Promise<number> {
  const held = await silencedOpenAlerts(scope, PER_TICK)
  if (held.length === 0) return 0
  const now = w.deps.clock.now()
  const windows = await listWindows(scope)
  const places = await devicePlacesOf(scope, [...new Set(held.map((a) => a.device_id))])
  let n = 0
  for (const a of held) {
    const place = places.get(a.device_id)
    if (place === undefined) continue // the device is gone; its alerts go with it
    if (openWindowFor(windows, a.device_id, place, now, tz) !== undefined) continue
    const done = (await notifyAlertNow(w.deps, scope, a.id)) !== undefined
    if (done) {
      n++
      w.onNotified?.(scope.tenantId, a.device_id, a.id)
    }
  }
  return n
}
