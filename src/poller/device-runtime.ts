import { DeviceConnection, type ConnectFn } from '../device-access/index.ts'
import type { ProbeCache } from './collectors/index.ts'
import type { DeviceMemory } from './poll-result.ts'
import type { SnapshotMemory } from './snapshots.ts'
import type { DeviceStatus } from './device-status.ts'

export interface LatestValues {
  at: number
  cpu: number | undefined
  memUsed: number | undefined
  /** Sum of rx + tx over all interfaces, bit/s. */
  trafficBps: number | undefined
}

/** Everything the poller keeps in memory for one device between polls. */
export class DeviceRuntime {
  readonly tenantId: string
  readonly deviceId: string
  /** The device row's updated_at; a new value means changed settings or credentials. */
  settingsVersion: number
  readonly connection: DeviceConnection
  readonly probes: ProbeCache = {}
  memory: DeviceMemory
  readonly snapshots: SnapshotMemory = { hashes: new Map(), writtenAt: new Map() }
  /** Set when the device is disabled, deleted or the poller stops: a poll still running is discarded. */
  retired = false
  /** Latest headline values, for the dashboard's top lists without touching samples.db. */
  latest: LatestValues | undefined

  constructor(
    tenantId: string,
    deviceId: string,
    settingsVersion: number,
    status: DeviceStatus,
    connect: ConnectFn,
  ) {
    this.tenantId = tenantId
    this.deviceId = deviceId
    this.settingsVersion = settingsVersion
    this.connection = new DeviceConnection(connect)
    this.memory = { status, facts: undefined, counters: undefined }
  }
}
