import { join } from 'node:path'
import type { Deps } from '../deps.ts'
import { openCredentials } from '../device-access/index.ts'
import { openMetricsStore, type MetricsStore } from '../metrics/index.ts'
import { Poller, type PollerOptions } from './scheduler.ts'

export { Poller, type PollerOptions } from './scheduler.ts'
export { EventBus, type PollerEventMap, type PollerEventName } from './event-bus.ts'
export type { DeviceStatus } from './device-status.ts'
export { allDevices, type Assignment } from './assignment.ts'
export type { LatestValues } from './device-runtime.ts'
export { listDeviceEvents, findSnapshot } from './poller.repo.ts'
export type { FleetFeed, Snapshot, SnapshotData } from './fleet-feed.ts'

export interface PollerHandle {
  poller: Poller
  metrics: MetricsStore
  /** Stops polling, flushes samples and closes samples.db. */
  stop(): Promise<void>
}

/**
 * Builds the poller and its metrics store (samples.db next to the main database) from Deps and
 * starts it. Only main.ts (and the demo) call this: it starts timers.
 * @example const { poller, stop } = startPoller(deps); poller.bus.on('device.polled', …)
 */
export function startPoller(deps: Deps, opts: PollerOptions = {}): PollerHandle {
  const metrics = openMetricsStore(
    join(deps.config.dataDir, 'samples.db'),
    deps.config.metricsRetention,
    deps.log,
  )
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
    stop: async () => {
      await poller.stop()
      metrics.close()
    },
  }
}
