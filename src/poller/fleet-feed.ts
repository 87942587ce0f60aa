// The poller's port to its readers (the dashboard's pages and live feed, alerts, the API): typed
// events on the bus and typed snapshots. It lives in Deps, so readers never reach into the
// poller's files, and both sides share one type: a field renamed in a RouterOS parser or a
// collector fails the readers' type check instead of blanking a tab.
import type { DeviceSnapshotKind } from '../db/schema-poller.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { CollectorResults } from './collectors/index.ts'
import { EventBus, type PollerEventName } from './event-bus.ts'
import { findSnapshot } from './poller.repo.ts'

/** A value as the snapshot JSON stores it: 64-bit counters (bigint) become decimal strings. */
export type Stored<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Stored<U>[]
    : T extends object
      ? { [K in keyof T]: Stored<T[K]> }
      : T

/** What each snapshot kind holds: the collector's parsed result, as stored. */
export type SnapshotData = { [K in DeviceSnapshotKind]: Stored<CollectorResults[K]> }

export interface Snapshot<K extends DeviceSnapshotKind> {
  data: SnapshotData[K]
  updatedAt: number
}

/** What the poller publishes for readers. */
export interface FleetFeed {
  /** typed events: the poller, backups and alerts publish; live feed, alerts and audit subscribe */
  readonly bus: EventBus
  /** the device's latest snapshot of one kind, typed as its collector parsed it */
  snapshot<K extends DeviceSnapshotKind>(
    scope: TenantScope,
    deviceId: string,
    kind: K,
  ): Promise<Snapshot<K> | undefined>
}

/**
 * Reads a snapshot written by changedSnapshots() (snapshots.ts) from CollectorResults[K]: the one
 * place the stored text meets its type.
 */
async function readSnapshot<K extends DeviceSnapshotKind>(
  scope: TenantScope,
  deviceId: string,
  kind: K,
): Promise<Snapshot<K> | undefined> {
  const row = await findSnapshot(scope, deviceId, kind)
  if (row === undefined) return undefined
  return { data: JSON.parse(row.data_json) as SnapshotData[K], updatedAt: row.updated_at }
}

/**
 * The feed of one process (built by createDeps; startPoller publishes on its bus).
 * @example const feed = createFleetFeed((err, name) => log.error({ err, event: name }, 'subscriber failed'))
 */
export function createFleetFeed(onError: (err: unknown, name: PollerEventName) => void): FleetFeed {
  return { bus: new EventBus(onError), snapshot: readSnapshot }
}
