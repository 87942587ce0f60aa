// Runs subnet scans in the background, one AbortController each, and tells subscribers (the live
// feed) when a scan moved. Progress is written at most every PROGRESS_MS, so a /16 costs a few
// hundred small writes, not 65,536. One runner per database, like the jobs runner; a scan left
// `running` by a stopped process is marked interrupted when the tenant's scans are next read.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Logger } from '../log.ts'
import type { TenantId } from '../lib/ids.ts'
import { upsertFinding, updateScan, type ScanRow } from './discovery.repo.ts'
import { sweep, type HostFinding, type SweepLimits } from './sweep.ts'
import { workClaimsFor } from '../lib/work-claim.ts'

const PROGRESS_MS = 500

/** a scan's claim outlasts any scan; a dead process's scans are told by its heartbeat */
const SCAN_CLAIM_MS = 7 * 24 * 3600_000

export interface ScanEvent {
  tenantId: TenantId
  scanId: string
  /** made in another process (issue 20): only refreshes pages, never sent on again */
  remote?: true
}

export interface ScanRunnerDeps {
  kysely: Kysely<Database>
  log: Logger
  clock: { now(): number }
  config: { discovery: SweepLimits }
}

export class ScanRunner {
  readonly #active = new Map<string, AbortController>()
  readonly #listeners = new Set<(e: ScanEvent) => void>()
  readonly #deps: ScanRunnerDeps

  constructor(deps: ScanRunnerDeps) {
    this.#deps = deps
  }

  isActive(scanId: string): boolean {
    return this.#active.has(scanId)
  }

  subscribe(fn: (e: ScanEvent) => void): () => void {
    this.#listeners.add(fn)
    return () => this.#listeners.delete(fn)
  }

  /** several processes (issue 20), set by startup: asks the process running a scan to cancel it */
  remoteCancel: ((scanId: string) => Promise<void>) | undefined

  cancel(scanId: string): boolean {
    const ctl = this.#active.get(scanId)
    ctl?.abort()
    return ctl !== undefined
  }

  /**
   * Marks a scan as running in this process before its row commits, so a concurrent request sees
   * it as busy (and never as an orphan); `release` undoes it when the transaction rolls back.
   */
  claim(scanId: string): void {
    this.#active.set(scanId, new AbortController())
  }

  release(scanId: string): void {
    this.#active.delete(scanId)
  }

  /** Runs a claimed scan in the background; `done` resolves when it has finished and been stored. */
  start(scope: TenantScope, scan: ScanRow): { done: Promise<void> } {
    const ctl = this.#active.get(scan.id) ?? new AbortController()
    this.#active.set(scan.id, ctl)
    // several processes (issue 20): the others see the scan as running here while this lives
    const claims = workClaimsFor(this.#deps.kysely)
    const held = claims.claimOnce('discovery.scan', scan.id, SCAN_CLAIM_MS).catch(() => false)
    const done = this.#run(scope, scan, ctl).finally(() => {
      void held
        .then((mine) => (mine ? claims.done('discovery.scan', scan.id) : undefined))
        .catch(() => undefined)
      this.#active.delete(scan.id)
      this.#emit(scope.tenantId, scan.id)
    })
    return { done }
  }

  /** Stops every scan (shutdown); each is stored as cancelled. */
  async stopAll(): Promise<void> {
    for (const ctl of this.#active.values()) ctl.abort()
    while (this.#active.size > 0) await new Promise((r) => setTimeout(r, 20))
  }

  #emit(tenantId: TenantId, scanId: string): void {
    this.notify({ tenantId, scanId })
  }

  /** Tells the live pages of this process (a scan here, or one in another process). */
  notify(e: ScanEvent): void {
    for (const fn of [...this.#listeners]) fn(e)
  }

  async #run(scope: TenantScope, scan: ScanRow, ctl: AbortController): Promise<void> {
    const { clock, log } = this.#deps
    let found = 0
    let probed = 0
    let lastWrite = 0
    const onFound = async (f: HostFinding) => {
      found++
      await upsertFinding(scope, {
        key: f.address,
        address: f.address,
        openPorts: f.openPorts,
        routeros: f.routeros ?? null,
        source: 'scan',
        at: clock.now(),
      })
    }
    const onProgress = (n: number) => {
      probed = n
      const now = Date.now()
      if (now - lastWrite < PROGRESS_MS) return
      lastWrite = now
      void updateScan(scope, scan.id, { probed, found }).then(
        () => this.#emit(scope.tenantId, scan.id),
        (err: unknown) => log.warn({ err, scanId: scan.id }, 'scan progress not stored'),
      )
    }
    let state: ScanRow['state'] = 'succeeded'
    let note: string | null = null
    try {
      await sweep({
        first: scan.first_ip,
        last: scan.last_ip,
        ports: JSON.parse(scan.ports_json) as number[],
        limits: this.#deps.config.discovery,
        signal: ctl.signal,
        onFound,
        onProgress,
      })
      if (ctl.signal.aborted) state = 'cancelled'
    } catch (err) {
      log.error({ err, scanId: scan.id }, 'scan failed')
      state = 'failed'
      note = 'The scan stopped on an internal error; see the appliance log.'
    }
    await updateScan(scope, scan.id, { state, probed, found, note, finished_at: clock.now() })
  }
}

const runners = new WeakMap<object, ScanRunner>()

export function scanRunner(deps: ScanRunnerDeps): ScanRunner {
  let r = runners.get(deps.kysely)
  if (!r) {
    r = new ScanRunner(deps)
    runners.set(deps.kysely, r)
  }
  return r
}
