// Starting and stopping the appliance, in order: config → logger → data dir + secrets → database +
// migrations → bootstrap (first admin) → HTTP. main.ts calls startOutpost(processEnv()); tests call
// it too. Any startup failure throws StartupError/ConfigError before the listener opens.
import { closeSync, openSync } from 'node:fs'
import { createApp } from './app.ts'
import {
  applyStagedRestore,
  snapshotSource,
  startBackupSchedule,
} from './appliance-backup/index.ts'
import { recordAudit, sealLegacyAudit } from './audit/index.ts'
import { BackupScheduler } from './backups/index.ts'
import { ensureInitialAdmin } from './auth/index.ts'
import { loadConfig } from './config.ts'
import { migrateToLatest } from './db/migrate.ts'
import { closeDeps, createDeps, type Deps } from './deps.ts'
import { recoverJobs } from './jobs/index.ts'
import { startCertificateRenewal } from './certificates/index.ts'
import { isMountPoint } from './lib/mount-point.ts'
import { loadOrCreateSecrets, StartupError } from './lib/secrets-file.ts'
import { createLogger } from './log.ts'
import { startPoller, type PollerHandle } from './poller/index.ts'
import { startKeyUseFlush } from './privacy/index.ts'
import { applyFactoryReset } from './recovery/factory-reset.ts'
import { openListeners, type Listening } from './startup-listeners.ts'
import { preparePg, startLiveBridge, startPg } from './startup-pg.ts'
import { startAlerts, startJobTick, Workers } from './startup-workers.ts'
import { startDiscovery } from './discovery/index.ts'
import { createSyslog } from './syslog/index.ts'
import { remoteAccessOf } from './remote-access/index.ts'
// compliance (issue 18)
import { ComplianceRunner } from './compliance/index.ts'
import { startMaintenance } from './maintenance/index.ts'
import { ReportJobs } from './reports/index.ts'
// edge appliances (issue 20)
import { EdgeForwarder, type ForwarderOptions } from './edge/index.ts'

export interface RunningOutpost {
  readonly deps: Deps
  readonly port: number
  readonly url: string
  /** the running poller (its event bus feeds live updates) and the metrics store */
  readonly poller: PollerHandle
  /** the HTTPS listener's port and certificate; undefined when OUTPOST_HTTPS_PORT=0 */
  readonly https: Listening['https']
  /** the syslog receiver (UDP and TCP); undefined when OUTPOST_SYSLOG_PORT=0 */
  readonly syslog: Listening['syslog']
  /** the SSH recovery console; undefined when OUTPOST_RECOVERY_PORT=0 */
  readonly recovery: Listening['recovery']
  /** re-reads the TLS certificate and key (SIGHUP); a bad pair is logged and the old one kept */
  reloadTls(): void
  /** stops accepting connections, then closes the database; idempotent */
  stop(): Promise<void>
}

export interface StartOptions {
  /** where log lines go (stdout when omitted) */
  logDestination?: NodeJS.WritableStream
  /** the recovery console asked for a restart (restore, factory reset); main.ts stops and starts again */
  onRestart?: (reason: string) => void
  /** false: no `admin` with a one-time password (the demo seeds its own super admin; issue 15) */
  initialAdmin?: boolean
  /** edge appliances (issue 20): the forwarder's pacing (tests shorten it) */
  edge?: Partial<ForwarderOptions>
}

/**
 * @example const outpost = await startOutpost(processEnv())
 */
export async function startOutpost(
  env: Readonly<Record<string, string | undefined>>,
  options: StartOptions = {},
): Promise<RunningOutpost> {
  const config = loadConfig(env)
  const log = createLogger({ level: config.logLevel, destination: options.logDestination })
  // a factory reset or a restore staged by the recovery console, the UI or the CLI is applied
  // before anything opens the databases
  if (applyFactoryReset(config.dataDir)) log.warn('factory reset applied')
  const previous = applyStagedRestore(config.dataDir)
  if (previous !== undefined)
    log.warn({ previous }, 'appliance backup restored; the replaced files were kept')
  const secrets = loadOrCreateSecrets(config.dataDir, config, config.dbFile)
  if (secrets.created) log.info({ dataDir: config.dataDir }, 'generated appliance secrets')
  for (const w of secrets.warnings) log.warn(w)
  if (config.expectVolume && !isMountPoint(config.dataDir)) {
    log.warn(
      { dataDir: config.dataDir },
      'the data directory is not a mounted volume: all data is lost with the container',
    )
  }
  // PostgreSQL (issue 20): reached and migrated as the owner before the app's pool opens
  const pgMigrated = await preparePg(config)
  if (config.database === undefined) createPrivateFile(config.dbFile)
  const deps = createDeps(config, { log, secrets })
  try {
    const { applied } = pgMigrated ?? (await migrateToLatest(deps.kysely))
    if (applied.length > 0) log.info({ applied }, 'migrations applied')
    // sealed audit details (issue 19): seal entries from before 0030, before anything is recorded
    const sealing = await sealLegacyAudit(deps.db, deps.clock.now())
    if (sealing.v1Problem) log.error(sealing.v1Problem, 'the audit chain was broken before sealing')
    if (sealing.sealed > 0) log.info({ entries: sealing.sealed }, 'audit entries sealed')
    if (options.initialAdmin !== false) await ensureInitialAdmin(deps)
    if (previous !== undefined) await recordRestore(deps, previous)
    // fleet jobs (issue 12): targets that ran when the process died become `interrupted`
    await recoverJobs(deps)
  } catch (err) {
    await closeDeps(deps)
    const detail =
      err instanceof Error
        ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
        : String(err)
    throw new StartupError(`database setup failed: ${detail}`, { cause: err })
  }
  // WireGuard overlay (issue 14): before the poller, so devices on the overlay answer at once; a
  // host without the capability logs what is missing (the overlay page says it) and runs on
  if (config.overlay.port !== 0) await deps.overlay.start(deps)
  const workers = new Workers(log)
  // PostgreSQL (issue 20): metrics in partitioned tables, and this process one node of a cluster
  // of pollers sharing the database
  const { metrics, cluster } = await startPg(deps, workers, log)
  const poller = startPoller(deps, cluster ? { assignment: cluster.leases } : {}, metrics)
  workers.set('poller', poller)
  // several pollers (issue 20): live updates to and from the other processes' pages
  const bridge = await startLiveBridge(deps, cluster, poller.poller.bus, workers)
  // maintenance windows (issue 13): the engine asks the calendar; a watcher notifies when windows end
  const maintenance = await startMaintenance(deps, poller.poller.bus)
  workers.set('maintenance', maintenance)
  const alerts = startAlerts(deps, poller, maintenance.calendar, bridge?.remote)
  workers.set('alerts', alerts)
  // several pollers (issue 20): devices taken over from another process continue its open alerts
  cluster?.leases.onAcquired((devices) => alerts.engine.devicesAcquired(devices))
  // config backups (issue 10): nightly/scheduled captures and captures after an edit the poller saw
  workers.set('config-backups', new BackupScheduler(deps, poller.poller.bus))
  // compliance (issue 18): re-evaluated after each stored backup version and daily
  const compliance = new ComplianceRunner(deps, poller.poller.bus)
  compliance.start()
  workers.set('compliance', compliance)
  // reports (issue 18): status history for SLA reports, monthly schedules
  const reports = new ReportJobs(deps, poller.metrics)
  await reports.start(poller.poller.bus)
  workers.set('reports', reports)
  const requestRestart = (reason: string): void => {
    log.warn({ reason }, 'restart requested')
    // after the request or console session has been answered, not from inside its handler
    setTimeout(() => options.onRestart?.(reason), 100).unref()
  }
  const source = snapshotSource(deps, poller.samplesDb)
  // syslog (issue 13): built before the app (its pages read the counters), listening after it
  // alerts (issue 13): stored lines go to the engine's syslog_pattern rules
  const syslogRt = createSyslog(deps, {
    onStored: (t, d, lines) => alerts.engine.syslogStored(t, d, lines),
  })
  const app = createApp(deps, {
    syslog: syslogRt,
    snapshotSource: source,
    requestRestart: options.onRestart === undefined ? undefined : requestRestart,
    live: {
      latestOf: (t) => poller.poller.latestOf(t),
      metrics: poller.metrics,
      bus: poller.poller.bus,
      cluster: bridge,
    },
  })
  workers.set('appliance-backups', startBackupSchedule(source, config, log))
  workers.set('jobs', startJobTick(deps))
  workers.set('key-use', startKeyUseFlush(deps))
  // remote access (issue 14): terminals and WinBox forwards end (and are audited) first
  workers.set('remote-access', remoteAccessOf(deps))
  const listening = await openListeners({
    config,
    deps,
    log,
    fetch: app.fetch,
    workers,
    syslog: syslogRt,
    source,
    requestRestart,
  })
  // device certificates (issue 14): the daily renewal check, once everything listens
  workers.set('certificates', startCertificateRenewal(deps, log))
  // discovery (issue 18): the MNDP listener; a busy port costs discovery only, not the appliance
  workers.set('discovery', await startDiscovery(deps))
  // edge appliances (issue 20): sends the outbox while this appliance is linked to a central one
  const edge = new EdgeForwarder(deps, options.edge)
  edge.start()
  workers.set('edge', edge)
  return {
    deps,
    port: listening.port,
    url: listening.url,
    poller,
    https: listening.https,
    syslog: listening.syslog,
    recovery: listening.recovery,
    reloadTls: listening.reloadTls,
    stop: once(async () => {
      log.info('shutting down')
      await workers.stopAll()
      await closeDeps(deps)
      log.info('stopped')
    }),
  }
}

/** The restored audit trail ends at the snapshot: the restore itself is the next entry. */
function recordRestore(deps: Deps, previous: string): Promise<void> {
  const actor = { kind: 'system' as const, id: null, name: 'outpost' }
  const details = { keptPreviousFilesIn: previous.split('/').pop() }
  return recordAudit(
    deps.db,
    {
      tenantId: null,
      actor,
      ip: null,
      action: 'appliance.restore_applied',
      outcome: 'success',
      details,
    },
    deps.clock.now(),
  )
}

/** The database holds password hashes: create it 0600 (SQLite gives -wal/-shm the same mode). */
function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600))
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => (running ??= fn())
}
