// Public surface of the metrics domain: the samples store the poller writes and the pages read.
export { openMetricsStore, MetricsStore } from './metrics-store.ts'
export { SqliteMetricsBackend, type MetricsBackend } from './metrics-backend.ts'
export {
  openMetricsBackend,
  openSqliteMetricsBackend,
  type MetricsBackendOptions,
} from './open-backend.ts'
export { PgMetricsStore } from './pg-metrics-store.ts'
export type { MetricName, MetricPoint } from './metric-names.ts'
