// Part of startup.ts (only startup starts things), PostgreSQL only (issue 20): the database
// reached and migrated as its owner, metrics in partitioned tables, and this process one node of
// a cluster of pollers sharing the database, whose live updates reach the pages of the others.
import type { Config } from './config.ts'
import { ClusterBus, ClusterNode, DeviceLocks, LiveBridge } from './cluster/index.ts'
import { openPostgres } from './db/connect-pg.ts'
import { PostgresUnavailable, preparePostgres } from './db/pg-startup.ts'
import { changeRunner, getChange } from './changes/index.ts'
import type { Deps } from './deps.ts'
import { forTenant } from './db/tenant-scope.ts'
import { scanRunner } from './discovery/index.ts'
import { jobRunner } from './jobs/index.ts'
import { installWorkClaims } from './lib/work-claim.ts'
import { StartupError } from './lib/secrets-file.ts'
import type { TenantId } from './lib/ids.ts'
import { APP_VERSION } from './lib/version.ts'
import type { Logger } from './log.ts'
import { openMetricsBackend } from './metrics/index.ts'
import { listPollableDevices, type EventBus } from './poller/index.ts'
import type { Workers } from './startup-workers.ts'

/** Reached and migrated as the owner before the app's pool opens; undefined on SQLite. */
export function preparePg(config: Config): ReturnType<typeof preparePostgres> | undefined {
  if (config.database === undefined) return undefined
  return preparePostgres(config.database).catch((err: unknown) => {
    if (err instanceof PostgresUnavailable) throw new StartupError(err.message, { cause: err })
    throw new StartupError(`database setup failed: ${String((err as Error)?.message ?? err)}`, {
      cause: err,
    })
  })
}

/**
 * Metrics in partitioned tables (the owner creates them; samples are written and read as the app
 * role, under row-level security) and the cluster node; both undefined on SQLite.
 */
export async function startPg(deps: Deps, workers: Workers, log: Logger) {
  const config = deps.config
  const metrics =
    config.database === undefined
      ? undefined
      : await openMetricsBackend(config, {
          pgUrl: config.database.url,
          pgOwnerUrl: config.database.ownerUrl,
          log,
        })
  const cluster =
    deps.pg === undefined || config.database === undefined
      ? undefined
      : await startCluster(deps, config.database.url)
  if (cluster !== undefined) workers.set('cluster', cluster)
  return { metrics, cluster }
}

/**
 * Several pollers (issue 20): heartbeats and a fair share of device leases, the job, alert and
 * notification work claimed once across processes; the first round before the poller starts.
 */
async function startCluster(deps: Deps, url: string): Promise<ClusterNode> {
  // heartbeats, leases and claims on connections of their own: a pool busy with polls and pages
  // must never delay a lease renewal until the lease runs out
  const own = openPostgres(url, {
    max: 3,
    onIdleError: (err) => deps.log.warn({ err }, 'cluster database connection lost'),
  })
  const cluster = new ClusterNode({
    db: own.kysely,
    onStopped: () => own.pool.end(),
    listDevices: () => listPollableDevices(deps.unscoped),
    version: APP_VERSION,
    log: deps.log,
    clock: deps.clock,
  })
  // keyed by the app's handle, which the job runner and alert engine hold
  installWorkClaims(deps.kysely, cluster.claims)
  await cluster.round()
  cluster.start()
  return cluster
}

/**
 * Several pollers (issue 20): this process's live updates to the other processes and theirs to
 * this process's pages (LISTEN/NOTIFY on a connection of its own); undefined on SQLite.
 */
export async function startLiveBridge(
  deps: Deps,
  cluster: ClusterNode | undefined,
  local: EventBus,
  workers: Workers,
): Promise<LiveBridge | undefined> {
  const database = deps.config.database
  if (cluster === undefined || database === undefined) return undefined
  const bus = new ClusterBus({
    client: { connectionString: database.url, application_name: 'outpost-live' },
    db: deps.kysely,
    log: deps.log,
  })
  const bridge = new LiveBridge({ bus, local, nodeId: cluster.id, log: deps.log })
  workers.set('live-bridge', bridge)
  bridgeJobsAndScans(deps, local, bridge, bus)
  const locks = new DeviceLocks({
    client: { connectionString: database.url, application_name: 'outpost-locks' },
    log: deps.log,
  })
  workers.set('device-locks', locks)
  bridgeChanges(deps, local, bridge, bus, locks)
  await bridge.start()
  return bridge
}

/**
 * Job targets run in whichever process claimed them and a scan in the process that started it:
 * their progress goes out as `job.changed` / `scan.changed`, and what other processes send
 * refreshes this process's Jobs and Discovery pages (marked remote, so it is not sent on again).
 */
/** The channel on which a Keep made in one process reaches the process running the change. */
const KEEP_CHANNEL = 'outpost.change_keep'
/** …and a Cancel of a discovery scan, the process running the scan */
const SCAN_CANCEL_CHANNEL = 'outpost.scan_cancel'

/**
 * A change runs in the process that started it: its updates go out as `change.updated` (the
 * device page elsewhere re-reads the change and shows its countdown), and a Keep clicked on a
 * page of another process comes back over KEEP_CHANNEL to the process running it.
 */
function bridgeChanges(
  deps: Deps,
  local: EventBus,
  bridge: LiveBridge,
  bus: ClusterBus,
  locks: DeviceLocks,
): void {
  const runner = changeRunner(deps)
  runner.tap((key, rec) => {
    const tenantId = key.slice(0, key.indexOf('/'))
    local.emit('change.updated', { tenantId, deviceId: rec.deviceId, changeId: rec.id })
  })
  bridge.remote.on('change.updated', (p) => {
    const key = `${p.tenantId}/${p.deviceId}`
    if (!runner.followed(key)) return
    const ctx = { deps, scope: forTenant(deps.kysely, p.tenantId as TenantId) }
    getChange(ctx, p.deviceId, p.changeId).then(
      (rec) => runner.emitRemote(key, rec),
      (err: unknown) =>
        deps.log.warn({ err, changeId: p.changeId }, 'a change update was not read'),
    )
  })
  bus.subscribe(KEEP_CHANNEL, (m) => {
    const changeId = (m as { changeId?: unknown } | null)?.changeId
    if (typeof changeId === 'string') runner.running(changeId)?.keep()
  })
  runner.cluster = {
    requestKeep: (tenantId, deviceId, changeId) =>
      bus.publish(KEEP_CHANNEL, { tenantId, deviceId, changeId }),
    lockDevice: (key) => locks.tryLock(`change:${key}`),
    unlockDevice: (key) => locks.unlock(`change:${key}`),
  }
}

function bridgeJobsAndScans(
  deps: Deps,
  local: EventBus,
  bridge: LiveBridge,
  bus: ClusterBus,
): void {
  const jobs = jobRunner(deps)
  const scans = scanRunner(deps)
  jobs.subscribe((e) => {
    if (e.remote !== true) local.emit('job.changed', { tenantId: e.tenantId, jobId: e.jobId })
  })
  scans.subscribe((e) => {
    if (e.remote !== true) local.emit('scan.changed', { tenantId: e.tenantId, scanId: e.scanId })
  })
  bridge.remote.on('job.changed', (p) => jobs.emit({ ...p, remote: true }))
  scans.remoteCancel = (scanId) => bus.publish(SCAN_CANCEL_CHANNEL, { scanId })
  bus.subscribe(SCAN_CANCEL_CHANNEL, (m) => {
    const scanId = (m as { scanId?: unknown } | null)?.scanId
    if (typeof scanId === 'string') scans.cancel(scanId)
  })
  bridge.remote.on('scan.changed', (p) =>
    scans.notify({ tenantId: p.tenantId as TenantId, scanId: p.scanId, remote: true }),
  )
}
