// The process's report jobs (started by startup.ts only): the status history every SLA report
// reads (one row per status change the poller publishes, plus a first row for devices that had
// none yet), and the monthly schedules. The schedules tick hourly and make last month's report
// when it does not exist yet, so a month is not lost when the appliance was off on the 1st.
import cron, { type ScheduledTask } from 'node-cron'
import { forTenant } from '../db/tenant-scope.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantId } from '../lib/ids.ts'
import { ValidationError } from '../lib/errors.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import type { EventBus } from '../poller/index.ts'
import { previousMonth } from './report-period.ts'
import * as repo from './reports.repo.ts'
import { generateReport, type ReportsDeps } from './reports.service.ts'

const SYSTEM = { kind: 'system' as const, id: null, name: 'monthly schedule', ip: null }

export interface ReportJobsOptions {
  /** tests: no node-cron tick (they call tick() themselves) */
  noCron?: boolean
}

export class ReportJobs {
  readonly #deps: ReportsDeps
  readonly #metrics: MetricsBackend | undefined
  readonly #writes = new Set<Promise<void>>()
  #off: (() => void) | undefined
  #task: ScheduledTask | undefined
  #running: Promise<void> = Promise.resolve()

  constructor(deps: ReportsDeps, metrics: MetricsBackend | undefined) {
    this.#deps = deps
    this.#metrics = metrics
  }

  async start(bus: EventBus | undefined, options: ReportJobsOptions = {}): Promise<void> {
    await this.seedHistory()
    this.#off = bus?.on('device.status_changed', (e) => {
      const scope = forTenant(this.#deps.kysely, e.tenantId as TenantId)
      const p = repo
        .recordStatus(scope, e.deviceId as DeviceId, e.at, e.to)
        // a device deleted during its poll has no row to refer to any more
        .catch((err: unknown) => this.#deps.log.debug({ err }, 'status history not recorded'))
        .finally(() => this.#writes.delete(p))
      this.#writes.add(p)
    })
    if (options.noCron !== true)
      this.#task = cron.schedule('7 * * * *', () => void this.tick(), {
        name: 'outpost-reports',
        noOverlap: true,
      })
  }

  /** Devices polled before the history existed start with their current status. */
  async seedHistory(): Promise<void> {
    const now = this.#deps.clock.now()
    for (const t of await this.#tenants()) {
      const scope = forTenant(this.#deps.kysely, t.id)
      for (const d of await repo.devicesWithoutHistory(scope))
        await repo.recordStatus(scope, d.id, d.last_polled_at ?? now, d.last_status)
    }
  }

  /** Makes every schedule's report for last month that does not exist yet. */
  tick(): Promise<void> {
    this.#running = this.#running.then(() => this.#runDue())
    return this.#running
  }

  async #runDue(): Promise<void> {
    const now = this.#deps.clock.now()
    for (const t of await this.#tenants()) {
      const scope = forTenant(this.#deps.kysely, t.id)
      const period = previousMonth(now, t.time_zone)
      for (const s of await repo.listScheduleRows(scope)) {
        if (await repo.scheduledExists(scope, s.id, period.from)) continue
        const ctx = { deps: this.#deps, scope, actor: SYSTEM, metrics: this.#metrics }
        const input = {
          kind: s.kind,
          from: period.fromDay,
          to: period.toDay,
          channelId: s.channel_id ?? undefined,
        }
        try {
          await generateReport(ctx, input, { period, scheduleId: s.id })
        } catch (err) {
          // an empty month is no failure: tried again next hour, cheaply
          if (err instanceof ValidationError && err.code === 'no_data') continue
          this.#deps.log.error({ err, tenantId: t.id, kind: s.kind }, 'scheduled report failed')
        }
      }
    }
  }

  #tenants(): Promise<{ id: TenantId; time_zone: string }[]> {
    return this.#deps.db.selectFrom('tenants').select(['id', 'time_zone']).execute()
  }

  async stop(): Promise<void> {
    this.#off?.()
    await this.#task?.destroy()
    await this.#running
    await Promise.all([...this.#writes])
  }
}
