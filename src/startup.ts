// Starting and stopping the appliance, in order: config → logger → data dir + secrets → database +
// migrations → bootstrap (first admin) → HTTP. main.ts calls startOutpost(processEnv()); tests call
// it too. Any startup failure throws StartupError/ConfigError before the listener opens.
import { serve, type ServerType } from '@hono/node-server'
import { closeSync, openSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { AlertEngine } from './alerts/index.ts'
import { createApp } from './app.ts'
import {
  applyStagedRestore,
  snapshotSource,
  startBackupSchedule,
} from './appliance-backup/index.ts'
import { recordAudit, sealLegacyAudit } from './audit/index.ts'
import { BackupScheduler } from './backups/index.ts'
import { ensureInitialAdmin } from './auth/index.ts'
import { loadConfig, type Config } from './config.ts'
import { migrateToLatest } from './db/migrate.ts'
import { PostgresUnavailable, preparePostgres } from './db/pg-startup.ts'
import { NotificationDispatcher } from './notifications/index.ts'
import { closeDeps, createDeps, type Deps } from './deps.ts'
import { jobRunner, jobTick, recoverJobs } from './jobs/index.ts'
import { startCertificateRenewal } from './certificates/index.ts'
import { isMountPoint } from './lib/mount-point.ts'
import { loadOrCreateSecrets, StartupError } from './lib/secrets-file.ts'
import { APP_VERSION } from './lib/version.ts'
import { createLogger, type Logger } from './log.ts'
import { listPollableDevices, startPoller, type PollerHandle } from './poller/index.ts'
import { ClusterNode } from './cluster/index.ts'
import { installWorkClaims } from './lib/work-claim.ts'
import { openMetricsBackend } from './metrics/index.ts'
import { startKeyUseFlush } from './privacy/index.ts'
import { applyFactoryReset } from './recovery/factory-reset.ts'
import { startRecoveryServer, type RecoveryServer } from './recovery/ssh-server.ts'
import { listenHttps, redirectToHttps, type HttpsListener } from './tls/https-listener.ts'
import { loadTlsMaterial, type TlsMaterial } from './tls/tls-material.ts'
import { startDiscovery } from './discovery/index.ts'
import { createSyslog, startSyslog, type RunningSyslog } from './syslog/index.ts'
import { remoteAccessOf, terminalUpgrades } from './remote-access/index.ts'
// compliance (issue 18)
import { ComplianceRunner } from './compliance/index.ts'
import { startMaintenance, type MaintenanceCalendar } from './maintenance/index.ts'
import { ReportJobs } from './reports/index.ts'
// edge appliances (issue 20)
import { EdgeForwarder, type ForwarderOptions } from './edge/index.ts'

/** how long in-flight requests get to finish on shutdown before their connections are cut */
const DRAIN_MS = 3000

export interface RunningOutpost {
  readonly deps: Deps
  readonly port: number
  readonly url: string
  /** the running poller (its event bus feeds live updates) and the metrics store */
  readonly poller: PollerHandle
  /** the HTTPS listener's port and certificate; undefined when OUTPOST_HTTPS_PORT=0 */
  readonly https: { readonly port: number; readonly url: string; tls(): TlsMaterial } | undefined
  /** the syslog receiver (UDP and TCP); undefined when OUTPOST_SYSLOG_PORT=0 */
  readonly syslog: { readonly port: number } | undefined
  /** the SSH recovery console; undefined when OUTPOST_RECOVERY_PORT=0 */
  readonly recovery: { readonly port: number; readonly hostKeyFingerprint: string } | undefined
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
  const pgMigrated =
    config.database === undefined
      ? undefined
      : await preparePostgres(config.database).catch((err: unknown) => {
          if (err instanceof PostgresUnavailable)
            throw new StartupError(err.message, { cause: err })
          throw new StartupError(
            `database setup failed: ${String((err as Error)?.message ?? err)}`,
            {
              cause: err,
            },
          )
        })
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
  // PostgreSQL (issue 20): metrics in partitioned tables (written as the schema's owner, which
  // creates them), and this process one node of a cluster of pollers sharing the database
  const metrics =
    config.database === undefined
      ? undefined
      : await openMetricsBackend(config, { pgUrl: config.database.ownerUrl, log })
  const cluster = deps.pg === undefined ? undefined : await startCluster(deps)
  if (cluster !== undefined) workers.set('cluster', cluster)
  const poller = startPoller(deps, cluster ? { assignment: cluster.leases } : {}, metrics)
  workers.set('poller', poller)
  // maintenance windows (issue 13): the engine asks the calendar; a watcher notifies when windows end
  const maintenance = await startMaintenance(deps, poller.poller.bus)
  workers.set('maintenance', maintenance)
  const alerts = startAlerts(deps, poller, maintenance.calendar)
  workers.set('alerts', alerts)
  // several pollers (issue 20): a device taken over from another process continues its open alerts
  cluster?.leases.onAcquired((refs) => alerts.engine.devicesAcquired(refs))
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
    },
  })
  workers.set('appliance-backups', startBackupSchedule(source, config, log))
  workers.set('jobs', startJobTick(deps))
  workers.set('key-use', startKeyUseFlush(deps))
  const listeners: ServerType[] = []
  workers.set('http', { stop: () => closeServers(listeners) })
  // remote access (issue 14): terminals and WinBox forwards end (and are audited) first
  workers.set('remote-access', remoteAccessOf(deps))
  let syslog: RunningSyslog | undefined
  let tls: TlsMaterial | undefined
  let https: HttpsListener | undefined
  const hostPart = config.host.includes(':') ? `[${config.host}]` : config.host
  try {
    if (config.httpsPort !== 0) {
      tls = loadTlsMaterial(config)
      https = await listenHttps(config, app.fetch, tls)
      listeners.push(https.server)
      log.info(
        {
          url: `https://${hostPart}:${https.port}`,
          fingerprint: tls.fingerprint,
          source: tls.source,
          validTo: tls.validTo,
        },
        'https listening',
      )
    }
    const httpsPort = https?.port
    const fetch =
      config.httpsRedirect && httpsPort !== undefined
        ? redirectToHttps(app.fetch, () => httpsPort)
        : app.fetch
    listeners.unshift(await listen(config, fetch, log))
    if (config.syslog.port !== 0) {
      syslog = await startSyslog(syslogRt, deps)
      workers.set('syslog', syslog)
      log.info({ port: syslog.port }, 'syslog listening (udp, tcp)')
    }
  } catch (err) {
    await workers.stopAll()
    await closeDeps(deps)
    throw err
  }
  // remote access (issue 14): the browser terminal's WebSockets on every HTTP listener
  const upgrades = terminalUpgrades(deps, app.fetch)
  for (const l of listeners) l.on('upgrade', upgrades)
  const port = (listeners[0]!.address() as AddressInfo).port
  const url = `http://${hostPart}:${port}`
  log.info(
    {
      url,
      version: APP_VERSION,
      dataDir: config.dataDir,
      startupMs: Math.round(performance.now()),
    },
    'outpost listening',
  )
  let recovery: RecoveryServer | undefined
  if (config.recoveryPort !== 0) {
    const network = () => ({
      httpUrl: url,
      https:
        https === undefined || tls === undefined
          ? undefined
          : {
              url: `https://${hostPart}:${https.port}`,
              fingerprint: tls.fingerprint,
              source: tls.source,
              validTo: tls.validTo,
            },
      recoveryPort: recovery?.port ?? config.recoveryPort,
      recoveryHostKey: recovery?.hostKeyFingerprint ?? '',
    })
    try {
      recovery = await startRecoveryServer(config, (ip) => ({
        deps,
        ip,
        network,
        requestRestart,
        source,
      }))
      workers.set('recovery', recovery)
    } catch (err) {
      await workers.stopAll()
      await closeDeps(deps)
      throw err
    }
    log.info(
      { port: recovery.port, hostKey: recovery.hostKeyFingerprint, user: 'recovery' },
      'recovery console listening',
    )
  }
  const httpsInfo =
    https === undefined
      ? undefined
      : { port: https.port, url: `https://${hostPart}:${https.port}`, tls: () => tls! }
  const reloadTls = (): void => {
    if (https === undefined) return
    try {
      tls = loadTlsMaterial(config)
      https.setMaterial(tls)
      log.info({ fingerprint: tls.fingerprint, validTo: tls.validTo }, 'tls certificate reloaded')
    } catch (err) {
      log.error(
        { err: (err as Error).message },
        'tls reload failed; keeping the previous certificate',
      )
    }
  }
  const recoveryInfo =
    recovery === undefined
      ? undefined
      : { port: recovery.port, hostKeyFingerprint: recovery.hostKeyFingerprint }
  // device certificates (issue 14): the daily renewal check, once everything listens
  workers.set('certificates', startCertificateRenewal(deps, log))
  // discovery (issue 18): the MNDP listener; a busy port costs discovery only, not the appliance
  workers.set('discovery', await startDiscovery(deps))
  // edge appliances (issue 20): sends the outbox while this appliance is linked to a central one
  const edge = new EdgeForwarder(deps, options.edge)
  edge.start()
  workers.set('edge', edge)
  const syslogInfo = syslog === undefined ? undefined : { port: syslog.port }
  return {
    deps,
    port,
    url,
    poller,
    https: httpsInfo,
    syslog: syslogInfo,
    recovery: recoveryInfo,
    reloadTls,
    stop: once(async () => {
      log.info('shutting down')
      await workers.stopAll()
      await closeDeps(deps)
      log.info('stopped')
    }),
  }
}

function listen(
  config: Config,
  fetch: (req: Request) => Response | Promise<Response>,
  log: Logger,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server))
    server.once('error', (err) => {
      log.debug({ err }, 'listen failed')
      reject(
        new StartupError(
          `cannot listen on ${config.host}:${config.port} (${(err as NodeJS.ErrnoException).code ?? err.message})`,
          { cause: err },
        ),
      )
    })
  })
}

interface Stoppable {
  stop(): Promise<void>
}

/**
 * The order background work stops in, each stop awaited before the next, then the database
 * closes. On a failed start only what was started stops, in the same order.
 */
const STOP_ORDER = [
  // their queued evaluations / scans finish while everything they need still runs
  'discovery',
  // edge appliances (issue 20): the outbox sender stops before the poller that fills it
  'edge',
  'compliance',
  // remote access (issue 14): terminals and WinBox forwards end (and are audited) first
  'remote-access',
  // HTTP before the poller: a page served during the drain still reads samples.db
  'http',
  'recovery',
  // syslog: sockets closed, queued lines written before the database closes
  'syslog',
  'appliance-backups',
  'config-backups',
  'reports',
  'jobs',
  'key-use',
  'certificates',
  // the poller (no new events), then the alert engine's queued writes
  'poller',
  // several pollers (issue 20): leases released after the last poll, for the others to take
  'cluster',
  'maintenance',
  'alerts',
] as const

type WorkerName = (typeof STOP_ORDER)[number]

/** What runs in the background, by name, so every way of stopping stops all of it. */
class Workers {
  readonly #running = new Map<WorkerName, Stoppable>()
  readonly #log: Logger
  constructor(log: Logger) {
    this.#log = log
  }
  set(name: WorkerName, worker: Stoppable): void {
    this.#running.set(name, worker)
  }
  /** A stop that fails is logged and the others still stop (the database must close). */
  async stopAll(): Promise<void> {
    for (const name of STOP_ORDER) {
      const worker = this.#running.get(name)
      if (worker === undefined) continue
      this.#running.delete(name)
      try {
        await worker.stop()
      } catch (err) {
        this.#log.error({ err, worker: name }, 'stopping a background worker failed')
      }
    }
  }
}

/**
 * Several pollers (issue 20): heartbeats and a fair share of device leases, the job, alert and
 * notification work claimed once across processes; the first round before the poller starts.
 */
async function startCluster(deps: Deps): Promise<ClusterNode> {
  const cluster = new ClusterNode({
    db: deps.kysely,
    listDevices: () => listPollableDevices(deps.unscoped),
    version: APP_VERSION,
    log: deps.log,
    clock: deps.clock,
  })
  installWorkClaims(deps.kysely, cluster.claims)
  await cluster.round()
  cluster.start()
  return cluster
}

/** The alert engine on the poller's bus. */
function startAlerts(
  deps: Deps,
  poller: PollerHandle,
  calendar: MaintenanceCalendar,
): Stoppable & { engine: AlertEngine } {
  const engine = new AlertEngine({
    kysely: deps.kysely,
    log: deps.log,
    clock: deps.clock,
    bus: poller.poller.bus,
    publicUrl: deps.config.publicUrl,
    isSilenced: calendar.isSilenced,
  })
  engine.start()
  // notifications (issue 13): the outbox delivery worker, woken by every alert change
  const dispatcher = new NotificationDispatcher(deps)
  dispatcher.start()
  const off = poller.poller.bus.on('alert.changed', () => dispatcher.kick())
  return {
    engine,
    async stop() {
      await engine.stop()
      off()
      await dispatcher.stop()
    },
  }
}

/**
 * Fleet jobs (issue 12): once a minute, scheduled jobs whose maintenance window opened start and
 * history past 90 days goes. On shutdown running targets get a few seconds to finish; whatever
 * still runs is marked interrupted at the next start.
 */
function startJobTick(deps: Deps): Stoppable {
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = jobTick(deps).catch((err: unknown) => deps.log.error({ err }, 'job tick failed'))
  }
  const timer = setInterval(tick, 60_000)
  timer.unref()
  tick()
  return {
    stop: async () => {
      clearInterval(timer)
      await running
      await Promise.race([jobRunner(deps).idle(), new Promise((r) => setTimeout(r, 3000).unref())])
    },
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

async function closeServers(servers: ServerType[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          const http = server as {
            closeIdleConnections?: () => void
            closeAllConnections?: () => void
          }
          server.close(() => resolve())
          // keep-alive sockets would hold close() open; idle ones can go now, and streams that never
          // end by themselves (Server-Sent Events) are cut after a short grace period
          http.closeIdleConnections?.()
          setTimeout(() => http.closeAllConnections?.(), DRAIN_MS).unref()
        }),
    ),
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
