import type { TenantScope } from '../db/tenant-scope.ts'
import { fleetSummary } from './fleet-summary.ts'
import { countAllDevices } from './dashboard.repo.ts'
import type { DashboardData } from './dashboard.types.ts'
import type { LiveSources } from './live-sources.ts'

/** The fleet dashboard of one tenant: POLLER's summary plus the device count for the empty state. */
export async function loadDashboard(
  scope: TenantScope,
  live: LiveSources | undefined,
  now: number,
): Promise<DashboardData> {
  const latest = live?.latestOf(scope.tenantId) ?? []
  const [deviceCount, summary] = await Promise.all([
    countAllDevices(scope),
    fleetSummary(scope, latest, { top: 5, attention: 8, events: 12 }),
  ])
  return { deviceCount, summary, now }
}
