// The syslog receiver as the appliance runs it: built from deps (no I/O), then started by
// startup.ts (sockets + the refresh and retention timers) and stopped in order on shutdown.
import type { Deps } from '../deps.ts'
import { SyslogStore } from '../db/syslog-store.ts'
// PostgreSQL (issue 20): the same store contract over the cross-tenant handle
import { PgSyslogStore } from '../db/syslog-store-pg.ts'
import { SyslogIngest, type SyslogIngestOptions } from './syslog-ingest.ts'
import { startSyslogListener, type SyslogListener } from './syslog-listener.ts'
import { LogTail } from './syslog-tail.ts'

export interface SyslogRuntime {
  readonly ingest: SyslogIngest
  readonly tail: LogTail
  /** the port the receiver listens on (UDP and TCP); 0 when it is off */
  readonly port: () => number
}

export interface RunningSyslog {
  readonly port: number
  stop(): Promise<void>
}

const REFRESH_MS = 30_000
const PRUNE_MS = 10 * 60_000

/** The ingest and the live tail, ready for the routes; nothing listens yet. */
export function createSyslog(
  deps: Pick<Deps, 'kysely' | 'sqlite' | 'log' | 'clock' | 'config'>,
  extra: Pick<SyslogIngestOptions, 'onStored'> = {},
): SyslogRuntime & { setPort(p: number): void } {
  const tail = new LogTail()
  const { maxLines, maxDays } = deps.config.syslog
  const ingest = new SyslogIngest({
    store:
      deps.sqlite === undefined
        ? new PgSyslogStore(deps.kysely)
        : new SyslogStore(deps.kysely, deps.sqlite),
    tail,
    log: deps.log.child({ component: 'syslog' }),
    clock: deps.clock,
    defaults: { maxLines, maxDays },
    ...extra,
  })
  let port = 0
  return {
    ingest,
    tail,
    port: () => port,
    setPort: (p) => {
      port = p
    },
  }
}

/** Opens the sockets and starts the timers. Called from startup.ts only. */
export async function startSyslog(
  rt: SyslogRuntime & { setPort(p: number): void },
  deps: Pick<Deps, 'config' | 'log'>,
): Promise<RunningSyslog> {
  const { ingest } = rt
  const log = deps.log.child({ component: 'syslog' })
  await ingest.refresh()
  const listener: SyslogListener = await startSyslogListener({
    host: deps.config.host,
    port: deps.config.syslog.port,
    ingest,
    log,
  })
  rt.setPort(listener.port)
  const refresh = setInterval(() => void ingest.refresh(), REFRESH_MS)
  refresh.unref()
  const prune = setInterval(() => {
    ingest.pruneByAge().catch((err: unknown) => log.warn({ err }, 'syslog retention prune failed'))
  }, PRUNE_MS)
  prune.unref()
  return {
    port: listener.port,
    stop: async () => {
      clearInterval(refresh)
      clearInterval(prune)
      await listener.stop()
      await ingest.drain()
    },
  }
}
