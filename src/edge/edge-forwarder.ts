// Edge side (issue 20): sends the outbox to the central Outpost in seq order, in batches, and
// deletes what the central acknowledged; while the link is down nothing is lost (the outbox
// keeps growing) and retries back off; when it returns the backlog is replayed in order. Each
// round also pulls the change sets queued centrally for this edge's devices (edge-apply-changes).
import type { Deps } from '../deps.ts'
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import { APP_VERSION } from '../lib/version.ts'
import { applyCentralChanges } from './edge-apply-changes.ts'
import { centralRequest, EdgeLinkError } from './edge-http.ts'
import { openLink } from './edge-link.service.ts'
import { buildBatch, outboxSize } from './edge-outbox-read.ts'
import { MetricRollup } from './metric-rollup.ts'
import { edgeBatchResultSchema } from './edge-wire.ts'

export interface ForwarderOptions {
  /** pause between rounds while the link works */
  intervalMs: number
  batchEntries: number
  batchBytes: number
  /** first retry delay after a failure, doubled each time up to backoffMaxMs */
  backoffBaseMs: number
  backoffMaxMs: number
}

export const DEFAULT_FORWARDER: ForwarderOptions = Object.freeze({
  intervalMs: 5_000,
  batchEntries: 2_000,
  batchBytes: 4 * 1024 * 1024,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
})

export type Link = NonNullable<Awaited<ReturnType<typeof openLink>>>

export class EdgeForwarder {
  readonly #deps: Deps
  readonly #opts: ForwarderOptions
  #timer: NodeJS.Timeout | undefined
  #round: Promise<boolean> | undefined
  #failures = 0
  #stopped = false
  readonly #changes = new Set<Promise<void>>()
  readonly #previews = new Set<Promise<void>>()
  /** open 5-minute metric buckets per device, as of the last batch the central accepted */
  #rollup = new MetricRollup()

  constructor(deps: Deps, opts: Partial<ForwarderOptions> = {}) {
    this.#deps = deps
    this.#opts = { ...DEFAULT_FORWARDER, ...opts }
  }

  /** Starts the rounds (main/startup only: it starts a timer). */
  start(): void {
    this.#stopped = false
    this.#schedule(0)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#round
    await Promise.allSettled([...this.#changes, ...this.#previews])
  }

  /** The delay before the next try: doubling from the base, capped, with a little jitter. */
  nextDelay(): number {
    if (this.#failures === 0) return this.#opts.intervalMs
    const exp = Math.min(
      this.#opts.backoffMaxMs,
      this.#opts.backoffBaseMs * 2 ** (this.#failures - 1),
    )
    return Math.round(exp * (0.8 + Math.random() * 0.2))
  }

  #schedule(ms: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#round = this.runOnce()
      void this.#round.then(() => this.#schedule(this.nextDelay()))
    }, ms)
    this.#timer.unref()
  }

  /** One round for every linked tenant; false when the central could not be reached. */
  async runOnce(): Promise<boolean> {
    let ok = true
    try {
      const links = await this.#deps.unscoped.selectFrom('edge_links').select('tenant_id').execute()
      for (const l of links)
        ok = (await this.#roundFor(forTenant(this.#deps.kysely, l.tenant_id as TenantId))) && ok
    } catch (err) {
      this.#deps.log.error({ err }, 'edge round failed')
      ok = false
    }
    this.#failures = ok ? 0 : this.#failures + 1
    return ok
  }

  async #roundFor(scope: TenantScope): Promise<boolean> {
    const link = await openLink(this.#deps, scope)
    if (!link) return true
    const now = () => this.#deps.clock.now()
    try {
      await this.#sendAll(scope, link)
      // one pull at a time: a safe-mode change can take minutes, and sending goes on meanwhile;
      // previews are still pulled then, since somebody waits for them
      if (this.#changes.size === 0) this.#pull(scope, link, this.#changes, false)
      else if (this.#previews.size === 0) this.#pull(scope, link, this.#previews, true)
      await scope
        .updateTable('edge_links')
        .set({ last_attempt_at: now(), last_success_at: now(), last_error: null })
        .where('id', '=', link.id)
        .execute()
      return true
    } catch (err) {
      const message = err instanceof EdgeLinkError ? err.message : 'internal error (see the log)'
      if (!(err instanceof EdgeLinkError)) this.#deps.log.error({ err }, 'edge send failed')
      else this.#deps.log.warn({ reason: message }, 'edge link down')
      await scope
        .updateTable('edge_links')
        .set({ last_attempt_at: now(), last_error: message })
        .where('id', '=', link.id)
        .execute()
      return false
    }
  }

  #pull(scope: TenantScope, link: Link, into: Set<Promise<void>>, previewsOnly: boolean): void {
    const p = applyCentralChanges(this.#deps, scope, link, previewsOnly).then(
      () => undefined,
      (err: unknown) =>
        this.#deps.log.warn({ err: (err as Error).message }, 'edge change pull failed'),
    )
    into.add(p)
    void p.finally(() => into.delete(p))
  }

  /**
   * Sends batches until the outbox is empty (or the forwarder stops). The next batch is read
   * while the central applies the current one, so both appliances work at once during a replay.
   */
  async #sendAll(scope: TenantScope, link: Link): Promise<void> {
    const target = { url: link.central_url, fingerprint: link.tls_fingerprint }
    let backlog = await outboxSize(scope)
    let rollup = this.#rollup.fork()
    let next = buildBatch(this.#deps, scope, this.#opts, rollup, 0)
    try {
      while (!this.#stopped) {
        const batch = await next
        if (batch === undefined) return
        backlog = Math.max(0, backlog - batch.entries.length)
        const body = `{"entries":[${batch.entries.join(',')}],"backlog":${backlog},"version":${JSON.stringify(APP_VERSION)}}`
        const sending = centralRequest(target, 'POST', '/api/v1/edge/batches', link.secret, body)
        const following = rollup.fork()
        next = buildBatch(this.#deps, scope, this.#opts, following, batch.lastSeq)
        const r = edgeBatchResultSchema.parse(await sending)
        await scope.transaction(async (tx) => {
          await tx.deleteFrom('edge_outbox').where('seq', '<=', batch.lastSeq).execute()
          await tx
            .updateTable('edge_links')
            .set({ acked_seq: Math.max(r.appliedSeq, batch.lastSeq) })
            .where('id', '=', link.id)
            .execute()
        })
        this.#rollup = rollup
        rollup = following
      }
    } finally {
      // a batch read ahead is dropped (read again next round); wait so nothing outlives the stop
      await next.catch(() => undefined)
    }
  }
}
