// Re-evaluates compliance in the background: a device after each stored backup version (the
// backups domain's `backup.changed`), and every device of every tenant once a day (firmware
// currency changes without any config change). One evaluation at a time; a failure is logged per
// device or tenant and never stops the runner. Started by startup.ts only.
import type { Kysely } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { Database } from '../db/schema.ts'
import { forTenant } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import type { Logger } from '../log.ts'
import type { EventBus } from '../poller/index.ts'
import { evaluateDevices, type ComplianceDeps } from './compliance.service.ts'

export const DAY_MS = 86_400_000

export interface RunnerDeps extends ComplianceDeps {
  readonly kysely: Kysely<Database>
  readonly db: GlobalDb
  readonly log: Logger
}

export class ComplianceRunner {
  readonly #deps: RunnerDeps
  readonly #bus: EventBus
  #chain: Promise<void> = Promise.resolve()
  #off: (() => void) | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(deps: RunnerDeps, bus: EventBus) {
    this.#deps = deps
    this.#bus = bus
  }

  start(dailyEveryMs = DAY_MS): void {
    this.#off = this.#bus.on('backup.changed', (e) => {
      void this.#enqueue(() => this.#one(e.tenantId, [e.deviceId], 'backup'))
    })
    this.#timer = setInterval(() => void this.runDaily(), dailyEveryMs)
    this.#timer.unref()
  }

  /** Every enabled tenant's devices, once (the daily pass; also called by tests). */
  runDaily(): Promise<void> {
    return this.#enqueue(async () => {
      const tenants = await this.#deps.db
        .selectFrom('tenants')
        .select('id')
        .where('is_disabled', '=', 0)
        .execute()
      for (const t of tenants) await this.#one(t.id, undefined, 'daily')
    })
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.#chain
  }

  async stop(): Promise<void> {
    this.#off?.()
    if (this.#timer) clearInterval(this.#timer)
    await this.#chain
  }

  #enqueue(fn: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(fn)
    return this.#chain
  }

  async #one(
    tenantId: string,
    deviceIds: string[] | undefined,
    trigger: 'backup' | 'daily',
  ): Promise<void> {
    try {
      const scope = forTenant(this.#deps.kysely, tenantId as TenantId)
      await evaluateDevices({ deps: this.#deps, scope }, trigger, deviceIds)
    } catch (err) {
      this.#deps.log.error({ err, tenantId, trigger }, 'compliance evaluation failed')
    }
  }
}
