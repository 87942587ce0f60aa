// Several pollers sharing one PostgreSQL (issue 20): membership and heartbeats, device leases
// (the poller's Assignment), one-time work claims and the LISTEN/NOTIFY bus.
export { ClusterNode, type ClusterNodeOptions } from './cluster-node.ts'
export { DeviceLeases, holdsLease, type DeviceRef, type Fence } from './leases.ts'
export { PgWorkClaims } from './work-claims.ts'
export { ClusterBus, MAX_PAYLOAD_BYTES, type ClusterBusOptions } from './cluster-bus.ts'
export { dbNowMs, type ClusterDb } from './db-time.ts'
export { LiveBridge, LIVE_CHANNEL, type LiveBridgeOptions } from './live-bridge.ts'
export { DeviceLocks } from './device-locks.ts'
