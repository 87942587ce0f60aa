// Part of startup.ts (only startup starts things): the background workers by name, the order they
// stop in, and the small workers startup builds itself (alert engine + notifications, job tick).
import { AlertEngine } from './alerts/index.ts'
import type { Deps } from './deps.ts'
import { jobRunner, jobTick } from './jobs/index.ts'
import type { Logger } from './log.ts'
import type { MaintenanceCalendar } from './maintenance/index.ts'
import { NotificationDispatcher } from './notifications/index.ts'
import type { EventBus, PollerHandle } from './poller/index.ts'

export interface Stoppable {
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
  // several pollers (issue 20): the last live updates sent, then leases released after the last
  // poll, for the others to take
  'live-bridge',
  // its connection holds the devices' change locks: closing it lets go of them all
  'device-locks',
  'cluster',
  'maintenance',
  'alerts',
] as const

type WorkerName = (typeof STOP_ORDER)[number]

/** What runs in the background, by name, so every way of stopping stops all of it. */
export class Workers {
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

/** The alert engine on the poller's bus (and, in a cluster, the other processes' events). */
export function startAlerts(
  deps: Deps,
  poller: PollerHandle,
  calendar: MaintenanceCalendar,
  remote?: EventBus,
): Stoppable & { engine: AlertEngine } {
  const engine = new AlertEngine({
    kysely: deps.kysely,
    log: deps.log,
    clock: deps.clock,
    bus: poller.poller.bus,
    remote,
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
export function startJobTick(deps: Deps): Stoppable {
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
