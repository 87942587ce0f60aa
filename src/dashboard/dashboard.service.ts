import type { TenantScope } from '../db/tenant-scope.ts'
import { ATTENTION_PER_PAGE, attentionPage } from './attention.ts'
import { fleetSummary } from './fleet-summary.ts'
import { countAllDevices } from './dashboard.repo.ts'
import type { DashboardData } from './dashboard.types.ts'
import type { LiveSources } from './live-sources.ts'

/** The fleet dashboard of one tenant: POLLER's summary plus the device count for the empty state. */
export async function loadDashboard(
  scope: TenantScope,
  live: LiveSources | undefined,
  now: number,
  attentionPageNo = 1,
): Promise<DashboardData> {
  const latest = live?.latestOf(scope.tenantId) ?? []
  const [deviceCount, summary, attention] = await Promise.all([
    countAllDevices(scope),
    fleetSummary(scope, latest, { top: 5, attention: ATTENTION_PER_PAGE, events: 12 }),
    attentionPage(scope, attentionPageNo),
  ])
  // the paged list (issue 15) replaces the summary's first few
  summary.attention = attention.entries
  return { deviceCount, summary, now, attention }
}
