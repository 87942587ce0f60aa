// Cluster membership: each process has a row in cluster_nodes and refreshes heartbeat_at (the
// database's time) every round. A node whose heartbeat is older than the timeout is dead: its
// leases run out at the same moment and the live nodes take its devices over.
import { sql } from 'kysely'
import type { Clock } from '../lib/time.ts'
import { dbNowMs, num, type ClusterDb } from './db-time.ts'

export interface NodeInfo {
  readonly id: string
  readonly host: string
  readonly pid: number
  readonly version: string
}

export interface Heartbeat {
  /** the database's time of the heartbeat */
  readonly dbNow: number
  /** this process's clock minus the database's (recorded for operators, never used to decide) */
  readonly offsetMs: number
  /** live nodes, this one included, ordered by id */
  readonly live: readonly string[]
}

/** rows of nodes gone for a day are removed (a restarted process gets a new id) */
const FORGET_AFTER_MS = 86_400_000

export class Membership {
  readonly #db: ClusterDb
  readonly #info: NodeInfo
  readonly #timeoutMs: number
  readonly #clock: Clock

  constructor(db: ClusterDb, info: NodeInfo, timeoutMs: number, clock: Clock) {
    this.#db = db
    this.#info = info
    this.#timeoutMs = timeoutMs
    this.#clock = clock
  }

  /** Registers (or revives) this node and returns who is alive, by the database's clock. */
  async heartbeat(): Promise<Heartbeat> {
    const { id, host, pid, version } = this.#info
    const local = this.#clock.now()
    const r = await sql<{ now: string }>`
      INSERT INTO cluster_nodes AS n (id, host, pid, version, started_at, heartbeat_at, clock_offset_ms)
      VALUES (${id}, ${host}, ${pid}, ${version}, ${dbNowMs}, ${dbNowMs}, ${local} - ${dbNowMs})
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at,
        clock_offset_ms = EXCLUDED.clock_offset_ms, stopped_at = NULL
      RETURNING n.heartbeat_at AS now`.execute(this.#db)
    const dbNow = num(r.rows[0]?.now)
    const live = await sql<{ id: string }>`
      SELECT id FROM cluster_nodes
      WHERE stopped_at IS NULL AND heartbeat_at > ${dbNowMs} - ${this.#timeoutMs}
      ORDER BY id`.execute(this.#db)
    return { dbNow, offsetMs: local - dbNow, live: live.rows.map((x) => x.id) }
  }

  /** A clean exit: the node is no longer counted (its leases are released by the caller). */
  async leave(): Promise<void> {
    await sql`UPDATE cluster_nodes SET stopped_at = ${dbNowMs} WHERE id = ${this.#info.id}`.execute(
      this.#db,
    )
    await sql`DELETE FROM cluster_nodes WHERE heartbeat_at < ${dbNowMs} - ${FORGET_AFTER_MS}`.execute(
      this.#db,
    )
  }
}
