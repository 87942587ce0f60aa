import type { FleetSummary } from './fleet-summary.ts'

export type { FleetSummary }

/** What the dashboard page shows for the active tenant. */
export interface DashboardData {
  /** every device of the tenant, disabled ones included */
  deviceCount: number
  summary: FleetSummary
  /** when the page was built (views print ages relative to it) */
  now: number
}
