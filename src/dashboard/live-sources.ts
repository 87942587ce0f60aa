import type { MetricsBackend } from '../metrics/index.ts'
import type { EventBus, LatestValues } from '../poller/index.ts'

/**
 * What the pages read from the running poller: its in-memory latest values (top lists, no sample
 * scan) and the metrics store (charts). Absent when the app runs without a poller (most tests):
 * the pages then show empty top lists and "no data" charts.
 */
export interface LiveSources {
  latestOf(tenantId: string): { deviceId: string; latest: LatestValues }[]
  metrics: MetricsBackend | undefined
  /** the poller's event bus, which feeds GET /live (Server-Sent Events) */
  bus?: EventBus
  /** several pollers (issue 20): the other processes' events, also fed to GET /live */
  cluster?: ClusterLive
}

/** Events made by the other processes of a cluster (PostgreSQL LISTEN/NOTIFY), for pages only. */
export interface ClusterLive {
  readonly remote: EventBus
  /** `fn` runs when events may have been missed (the listening connection came back) */
  onResync(fn: () => void): () => void
}
