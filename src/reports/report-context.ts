// What every report collector gets: the tenant scope, the period, the devices of the period and
// the metrics store, and what it answers: key figures and sections, or why there is nothing.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Deps } from '../deps.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import type { ReportDoc } from './report-doc.ts'
import type { Period } from './report-period.ts'
import type { ReportDevice } from './reports.repo.ts'

export interface CollectCtx {
  deps: Pick<Deps, 'db'>
  scope: TenantScope
  metrics: MetricsBackend | undefined
  period: Period
  tz: string
  now: number
  devices: ReportDevice[]
}

export type Collected =
  | { ok: true; kpis: ReportDoc['kpis']; sections: ReportDoc['sections'] }
  /** plain words: why the period has nothing to report */
  | { ok: false; reason: string }

/** availability below this is flagged (three nines, the usual managed-service promise) */
export const SLA_TARGET = 99.9

export function siteOf(d: ReportDevice): string {
  return d.site ?? 'No site'
}
