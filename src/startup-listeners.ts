// Part of startup.ts (only startup starts things): the listeners, in order — HTTPS (when
// configured), HTTP (redirecting to HTTPS when asked), syslog, the terminal WebSockets on every
// HTTP listener, then the SSH recovery console. A listener that cannot open stops what started
// and closes the database before the error goes up.
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { SnapshotSource } from './appliance-backup/index.ts'
import type { Config } from './config.ts'
import { closeDeps, type Deps } from './deps.ts'
import { StartupError } from './lib/secrets-file.ts'
import { APP_VERSION } from './lib/version.ts'
import type { Logger } from './log.ts'
import { startRecoveryServer, type RecoveryServer } from './recovery/ssh-server.ts'
import { terminalUpgrades } from './remote-access/index.ts'
import type { Workers } from './startup-workers.ts'
import { startSyslog, type createSyslog, type RunningSyslog } from './syslog/index.ts'
import { listenHttps, redirectToHttps, type HttpsListener } from './tls/https-listener.ts'
import { loadTlsMaterial, type TlsMaterial } from './tls/tls-material.ts'

/** how long in-flight requests get to finish on shutdown before their connections are cut */
const DRAIN_MS = 3000

type Fetch = (req: Request) => Response | Promise<Response>

export interface ListenerParts {
  readonly config: Config
  readonly deps: Deps
  readonly log: Logger
  readonly fetch: Fetch
  readonly workers: Workers
  readonly syslog: ReturnType<typeof createSyslog>
  /** what the recovery console's sessions get */
  readonly source: SnapshotSource
  readonly requestRestart: (reason: string) => void
}

export interface Listening {
  readonly port: number
  readonly url: string
  readonly https: { readonly port: number; readonly url: string; tls(): TlsMaterial } | undefined
  readonly syslog: { readonly port: number } | undefined
  readonly recovery: { readonly port: number; readonly hostKeyFingerprint: string } | undefined
  /** re-reads the TLS certificate and key (SIGHUP); a bad pair is logged and the old one kept */
  reloadTls(): void
}

export async function openListeners(p: ListenerParts): Promise<Listening> {
  const { config, deps, log, workers } = p
  const listeners: ServerType[] = []
  workers.set('http', { stop: () => closeServers(listeners) })
  let syslog: RunningSyslog | undefined
  let tls: TlsMaterial | undefined
  let https: HttpsListener | undefined
  const hostPart = config.host.includes(':') ? `[${config.host}]` : config.host
  try {
    if (config.httpsPort !== 0) {
      tls = loadTlsMaterial(config)
      https = await listenHttps(config, p.fetch, tls)
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
        ? redirectToHttps(p.fetch, () => httpsPort)
        : p.fetch
    listeners.unshift(await listen(config, fetch, log))
    if (config.syslog.port !== 0) {
      syslog = await startSyslog(p.syslog, deps)
      workers.set('syslog', syslog)
      log.info({ port: syslog.port }, 'syslog listening (udp, tcp)')
    }
  } catch (err) {
    await workers.stopAll()
    await closeDeps(deps)
    throw err
  }
  // remote access (issue 14): the browser terminal's WebSockets on every HTTP listener
  const upgrades = terminalUpgrades(deps, p.fetch)
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
        requestRestart: p.requestRestart,
        source: p.source,
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
  return {
    port,
    url,
    https:
      https === undefined
        ? undefined
        : { port: https.port, url: `https://${hostPart}:${https.port}`, tls: () => tls! },
    syslog: syslog === undefined ? undefined : { port: syslog.port },
    recovery:
      recovery === undefined
        ? undefined
        : { port: recovery.port, hostKeyFingerprint: recovery.hostKeyFingerprint },
    reloadTls,
  }
}

function listen(config: Config, fetch: Fetch, log: Logger): Promise<ServerType> {
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
