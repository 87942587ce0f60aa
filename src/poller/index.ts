import type Database from 'better-sqlite3'
import type { Deps } from '../deps.ts'
import { openCredentials } from '../device-access/index.ts'
import {
  openSqliteMetricsBackend,
  SqliteMetricsBackend,
  type MetricsBackend,
} from '../metrics/index.ts'
import { Poller, type PollerOptions } from './scheduler.ts'

export { Poller, type PollerOptions } from './scheduler.ts'
export { EventBus, type PollerEventMap, type PollerEventName } from './event-bus.ts'
export type { DeviceStatus } from './device-status.ts'
export { allDevices, type Assignment } from './assignment.ts'
export { listPollableDevices } from './scheduler.ts'
export type { LatestValues } from './device-runtime.ts'
export { listDeviceEvents, findSnapshot } from './poller.repo.ts'
export type { FleetFeed, Snapshot, SnapshotData } from './fleet-feed.ts'

export interface PollerHandle {
  poller: Poller
  metrics: MetricsBackend
  /** samples.db when the metrics are in SQLite (appliance backups copy it); undefined on PostgreSQL */
  samplesDb: Database.Database | undefined
  /** Stops polling, flushes samples and closes the metrics store. */
  stop(): Promise<void>
}

/**
 * Builds the poller and its metrics store from Deps and starts it: samples.db next to the main
 * database unless a store is passed (PostgreSQL, issue 20: `await openMetricsBackend(config,
 * { pgPool })`). Only main.ts (and the demo) call this: it starts timers.
 * @example const { poller, stop } = startPoller(deps); poller.bus.on('device.polled', …)
 */
export function startPoller(
  deps: Deps,
  opts: PollerOptions = {},
  metrics: MetricsBackend = openSqliteMetricsBackend(deps.config, deps.log),
): PollerHandle {
  const poller = new Poller(
    {
      kysely: deps.kysely,
      unscoped: deps.unscoped,
      log: deps.log,
      clock: deps.clock,
      metrics,
      bus: deps.fleet.bus,
      credentials: (scope, device) => openCredentials(deps, scope, device, 'poll'),
    },
    opts,
  )
  poller.start()
  return {
    poller,
    metrics,
    samplesDb: metrics instanceof SqliteMetricsBackend ? metrics.store.db : undefined,
    stop: async () => {
      await poller.stop()
      await metrics.close()
    },
  }
}
