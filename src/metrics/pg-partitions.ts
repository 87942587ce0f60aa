import type pg from 'pg'
import { TENANT_POLICY } from './pg-scope.ts'
import { partitionOf, tableName, type Tier, type TierName } from './tiers.ts'

/** Schema names are spliced into DDL, so only plain identifiers are accepted. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`metrics schema name must be a plain lower-case identifier, got "${schema}"`)
  return schema
}

/** One advisory lock key for the metrics DDL, so several pollers never create a table twice. */
const DDL_LOCK = 0x6d657472 // 'metr'

/**
 * The store's own tables (issue 20), created idempotently at open like samples-db.ts does for
 * SQLite. tenant_id is on every row; sample rows keep the integer series key. Sample tables are
 * partitioned by time (RANGE on ts, epoch seconds), one partition per tier span (tiers.ts), so
 * retention drops whole partitions, as the SQLite store drops whole tables. With TimescaleDB
 * already installed in the database the sample tables become hypertables instead (a bonus).
 */
export async function createSchema(
  pool: pg.Pool,
  schema: string,
  tiers: Record<TierName, Tier>,
  appRole?: string,
): Promise<'partitions' | 'timescaledb'> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${schema}.series (
        id serial PRIMARY KEY,
        tenant_id text NOT NULL,
        device_id text NOT NULL,
        metric text NOT NULL,
        label text NOT NULL DEFAULT '',
        UNIQUE (tenant_id, device_id, metric, label)
      )`)
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${schema}.open_buckets (
        tenant_id text NOT NULL,
        device_id text NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (tenant_id, device_id)
      )`)
    const ts = await client.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS ok`,
    )
    const timescale = ts.rows[0]?.ok === true
    for (const tier of Object.values(tiers)) {
      const cols =
        tier.bucketS > 0
          ? 'avg double precision NOT NULL, max double precision NOT NULL, n integer NOT NULL'
          : 'value double precision NOT NULL'
      const exists = await client.query(`SELECT to_regclass($1) AS t`, [`${schema}.${tier.name}`])
      if (exists.rows[0]?.t !== null) continue
      await client.query(
        `CREATE TABLE ${schema}.${tier.name} (tenant_id text NOT NULL, series_id integer NOT NULL,
         ts bigint NOT NULL, ${cols}, PRIMARY KEY (series_id, ts))${timescale ? '' : ' PARTITION BY RANGE (ts)'}`,
      )
      if (timescale)
        await client.query(
          `SELECT create_hypertable($1, 'ts', chunk_time_interval => $2::bigint, if_not_exists => true)`,
          [`${schema}.${tier.name}`, tier.spanS],
        )
    }
    await secureTables(client, schema, [
      ...TENANT_TABLES,
      ...Object.values(tiers).map((t) => t.name),
    ])
    if (appRole !== undefined) await grantRows(client, schema, tiers, appRole)
    // what the raw table is decides, not whether the extension is there now: tables made before
    // TimescaleDB was installed stay plainly partitioned
    const kind = await client.query<{ relkind: string }>(
      `SELECT relkind FROM pg_class WHERE oid = to_regclass($1)`,
      [`${schema}.raw`],
    )
    await client.query('COMMIT')
    return kind.rows[0]?.relkind === 'p' ? 'partitions' : 'timescaledb'
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

const TENANT_TABLES = ['series', 'open_buckets']

/**
 * Row-level security on every metrics table, forced so the owner is held to it too (the app's
 * tenant tables get the same in src/db/migrations-pg/row-level-security.ts). Partitions are reached
 * through their parent only, whose policy applies.
 */
async function secureTables(client: pg.PoolClient, schema: string, tables: string[]) {
  const have = await client.query<{ tablename: string }>(
    `SELECT tablename FROM pg_policies WHERE schemaname = $1 AND policyname = 'tenant_rows'`,
    [schema],
  )
  const done = new Set(have.rows.map((r) => r.tablename))
  for (const t of tables) {
    if (done.has(t)) continue
    await client.query(`ALTER TABLE ${schema}.${t} ENABLE ROW LEVEL SECURITY`)
    await client.query(`ALTER TABLE ${schema}.${t} FORCE ROW LEVEL SECURITY`)
    await client.query(
      `CREATE POLICY tenant_rows ON ${schema}.${t} USING (${TENANT_POLICY}) WITH CHECK (${TENANT_POLICY})`,
    )
  }
}

/** The app role (not the owner) gets row access only: it cannot create or drop partitions. */
async function grantRows(
  client: pg.PoolClient,
  schema: string,
  tiers: Record<TierName, Tier>,
  role: string,
) {
  const r = client.escapeIdentifier(role)
  const tables = [...TENANT_TABLES, ...Object.values(tiers).map((t) => t.name)]
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${r}`)
  await client.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${tables.map((t) => `${schema}.${t}`).join(', ')} TO ${r}`,
  )
  await client.query(`GRANT USAGE ON SEQUENCE ${schema}.series_id_seq TO ${r}`)
}

/**
 * The partitions of the sample tables: created ahead of time (the current and the next span of
 * each tier, and any older span a late sample needs), listed from pg_inherits, dropped by
 * retention. With TimescaleDB the extension makes and drops chunks instead.
 */
export class PgPartitions {
  readonly #pool: pg.Pool
  readonly #schema: string
  readonly #tiers: Record<TierName, Tier>
  readonly mode: 'partitions' | 'timescaledb'
  #known = new Set<string>()

  constructor(
    pool: pg.Pool,
    schema: string,
    tiers: Record<TierName, Tier>,
    mode: 'partitions' | 'timescaledb',
  ) {
    this.#pool = pool
    this.#schema = schema
    this.#tiers = tiers
    this.mode = mode
  }

  /** Partition tables of a tier as they are in the database, oldest first. */
  async list(tier: Tier): Promise<{ table: string; partition: number }[]> {
    const r = await this.#pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1)`,
      [`${this.#schema}.${tier.name}`],
    )
    const out: { table: string; partition: number }[] = []
    for (const { name } of r.rows) {
      const m = /^(raw|m5|h1)_(\d+)$/.exec(name)
      if (m !== null && m[1] === tier.name) out.push({ table: name, partition: Number(m[2]) })
    }
    return out.sort((a, b) => a.partition - b.partition)
  }

  /** Reloads what exists (at open, and after an insert found a partition missing). */
  async refresh(): Promise<void> {
    this.#known.clear()
    if (this.mode !== 'partitions') return
    for (const tier of Object.values(this.#tiers))
      for (const p of await this.list(tier)) this.#known.add(p.table)
  }

  /** The current and next partition of every tier: the flushes of the coming hours need no DDL. */
  async ensureAhead(nowS: number): Promise<void> {
    const want: [Tier, number][] = []
    for (const tier of Object.values(this.#tiers)) {
      const p = partitionOf(tier, nowS)
      want.push([tier, p], [tier, p + 1])
    }
    await this.ensure(want)
  }

  /** Creates the partitions not known to exist, in one short transaction of their own. */
  async ensure(want: Iterable<[Tier, number]>): Promise<void> {
    if (this.mode !== 'partitions') return
    const missing = [...want].filter(([t, p]) => !this.#known.has(tableName(t, p)))
    if (missing.length === 0) return
    const client = await this.#pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK])
      for (const [tier, p] of missing) {
        const from = p * tier.spanS
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.#schema}.${tableName(tier, p)}
           PARTITION OF ${this.#schema}.${tier.name} FOR VALUES FROM (${from}) TO (${from + tier.spanS})`,
        )
      }
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
    for (const [tier, p] of missing) this.#known.add(tableName(tier, p))
  }

  /** Drops every partition whose whole span is past its tier's retention; returns their names. */
  async retain(nowS: number): Promise<string[]> {
    const dropped: string[] = []
    for (const tier of Object.values(this.#tiers)) {
      const cutoff = nowS - tier.retentionS
      if (this.mode === 'timescaledb') {
        const r = await this.#pool.query<{ c: string }>(
          `SELECT drop_chunks($1, older_than => $2::bigint)::text AS c`,
          [`${this.#schema}.${tier.name}`, cutoff],
        )
        dropped.push(...r.rows.map((x) => x.c))
        continue
      }
      for (const { table, partition } of await this.list(tier)) {
        if ((partition + 1) * tier.spanS > cutoff) continue
        // DROP of a partition: instant and no dead rows to vacuum, whatever the fleet size
        await this.#pool.query(`DROP TABLE IF EXISTS ${this.#schema}.${table}`)
        this.#known.delete(table)
        dropped.push(table)
      }
    }
    return dropped
  }
}
