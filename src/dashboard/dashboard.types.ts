import type { AttentionPage } from './attention.ts'
import type { FleetSummary } from './fleet-summary.ts'

export type { FleetSummary }

/** What the dashboard page shows for the active tenant. */
export interface DashboardData {
  /** every device of the tenant, disabled ones included */
  deviceCount: number
  summary: FleetSummary
  /** when the page was built (views print ages relative to it) */
  now: number
  /** the shown page of "needs attention" and how many there are (issue 15) */
  attention?: AttentionPage
}
