// One-time work across processes, in work_claims: the first INSERT of (kind, key) wins; a claim
// whose holder did not finish it in time (died) can be taken again, but never one marked done.
// INSERT … ON CONFLICT DO UPDATE … WHERE locks the row and re-checks the condition on the newest
// version, so of several nodes racing for the same key exactly one gets it.
import { sql } from 'kysely'
import type { WorkClaims, WorkKind } from '../lib/work-claim.ts'
import { dbNowMs, type ClusterDb } from './db-time.ts'

export class PgWorkClaims implements WorkClaims {
  readonly clustered = true
  readonly #db: ClusterDb
  readonly #nodeId: string
  readonly #holdMs: number
  readonly #liveMs: number

  /** `liveMs`: a node whose heartbeat is older is dead (the membership's timeout). */
  constructor(db: ClusterDb, nodeId: string, holdMs: number, liveMs = 15_000) {
    this.#db = db
    this.#nodeId = nodeId
    this.#holdMs = holdMs
    this.#liveMs = liveMs
  }

  async heldByLive(kind: WorkKind, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set()
    const r = await sql<{ key: string }>`
      SELECT w.key FROM work_claims w JOIN cluster_nodes n ON n.id = w.node_id
      WHERE w.kind = ${kind} AND w.key = ANY(${[...keys]}::text[]) AND w.done_at IS NULL
        AND n.stopped_at IS NULL AND n.heartbeat_at > ${dbNowMs} - ${this.#liveMs}`.execute(
      this.#db,
    )
    return new Set(r.rows.map((x) => x.key))
  }

  async claimOnce(kind: WorkKind, key: string, holdMs = this.#holdMs): Promise<boolean> {
    const r = await sql`
      INSERT INTO work_claims AS w (kind, key, node_id, claimed_at, claimed_until)
      VALUES (${kind}, ${key}, ${this.#nodeId}, ${dbNowMs}, ${dbNowMs} + ${holdMs})
      ON CONFLICT (kind, key) DO UPDATE SET node_id = EXCLUDED.node_id,
        claimed_at = EXCLUDED.claimed_at, claimed_until = EXCLUDED.claimed_until,
        attempts = w.attempts + 1
      WHERE w.done_at IS NULL AND w.claimed_until <= EXCLUDED.claimed_at
      RETURNING 1`.execute(this.#db)
    return r.rows.length === 1
  }

  async done(kind: WorkKind, key: string): Promise<void> {
    await sql`
      UPDATE work_claims SET done_at = ${dbNowMs}
      WHERE kind = ${kind} AND key = ${key} AND node_id = ${this.#nodeId}`.execute(this.#db)
  }

  /** Forgets finished claims older than `keepMs` (their work can't come back after that long). */
  async prune(keepMs: number): Promise<number> {
    const r = await sql`DELETE FROM work_claims WHERE done_at < ${dbNowMs} - ${keepMs}`.execute(
      this.#db,
    )
    return Number(r.numAffectedRows ?? 0)
  }
}
