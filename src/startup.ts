// Starting and stopping the appliance, in order: config → logger → data dir + secrets → database +
// migrations → bootstrap (first admin) → HTTP. main.ts calls startOutpost(processEnv()); tests call
// it too. Any startup failure throws StartupError/ConfigError before the listener opens.
import { serve, type ServerType } from '@hono/node-server'
import { closeSync, openSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.ts'
import { ensureInitialAdmin } from './auth/index.ts'
import { loadConfig, type Config } from './config.ts'
import { migrateToLatest } from './db/migrate.ts'
import { closeDeps, createDeps, type Deps } from './deps.ts'
import { isMountPoint } from './lib/mount-point.ts'
import { loadOrCreateSecrets, StartupError } from './lib/secrets-file.ts'
import { APP_VERSION } from './lib/version.ts'
import { createLogger, type Logger } from './log.ts'
import { startPoller, type PollerHandle } from './poller/index.ts'

/** how long in-flight requests get to finish on shutdown before their connections are cut */
const DRAIN_MS = 3000

export interface RunningOutpost {
  readonly deps: Deps
  readonly port: number
  readonly url: string
  /** the running poller (its event bus feeds live updates) and the metrics store */
  readonly poller: PollerHandle
  /** stops accepting connections, then closes the database; idempotent */
  stop(): Promise<void>
}

export interface StartOptions {
  /** where log lines go (stdout when omitted) */
  logDestination?: NodeJS.WritableStream
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
  const secrets = loadOrCreateSecrets(config.dataDir, config, config.dbFile)
  if (secrets.created) log.info({ dataDir: config.dataDir }, 'generated appliance secrets')
  for (const w of secrets.warnings) log.warn(w)
  if (config.expectVolume && !isMountPoint(config.dataDir)) {
    log.warn({ dataDir: config.dataDir }, 'the data directory is not a mounted volume: all data is lost with the container')
  }
  createPrivateFile(config.dbFile)
  const deps = createDeps(config, { log, secrets })
  try {
    const { applied } = await migrateToLatest(deps.kysely)
    if (applied.length > 0) log.info({ applied }, 'migrations applied')
    await ensureInitialAdmin(deps)
  } catch (err) {
    await closeDeps(deps)
    const detail = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err)
    throw new StartupError(`database setup failed: ${detail}`, { cause: err })
  }
  const poller = startPoller(deps)
  const app = createApp(deps, {
    live: { latestOf: (t) => poller.poller.latestOf(t), metrics: poller.metrics, bus: poller.poller.bus },
  })
  const server = await listen(config, app.fetch, log).catch(async (err: unknown) => {
    await poller.stop()
    await closeDeps(deps)
    throw err
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  log.info(
    { url, version: APP_VERSION, dataDir: config.dataDir, startupMs: Math.round(performance.now()) },
    'outpost listening',
  )
  return { deps, port, url, poller, stop: once(() => shutdown(server, deps, log, poller)) }
}

function listen(config: Config, fetch: (req: Request) => Response | Promise<Response>, log: Logger): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server))
    server.once('error', (err) => {
      log.debug({ err }, 'listen failed')
      reject(new StartupError(`cannot listen on ${config.host}:${config.port} (${(err as NodeJS.ErrnoException).code ?? err.message})`, { cause: err }))
    })
  })
}

async function shutdown(server: ServerType, deps: Deps, log: Logger, poller: PollerHandle): Promise<void> {
  log.info('shutting down')
  // HTTP first: a page served during the drain still reads samples.db, which poller.stop() closes
  await new Promise<void>((resolve) => {
    const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void }
    server.close(() => resolve())
    // keep-alive sockets would hold close() open; idle ones can go now, and streams that never
    // end by themselves (Server-Sent Events) are cut after a short grace period
    http.closeIdleConnections?.()
    setTimeout(() => http.closeAllConnections?.(), DRAIN_MS).unref()
  })
  await poller.stop()
  await closeDeps(deps)
  log.info('stopped')
}

/** The database holds password hashes: create it 0600 (SQLite gives -wal/-shm the same mode). */
function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600))
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => (running ??= fn())
}
