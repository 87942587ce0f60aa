// `outpost-cli migrate-to-postgres postgres://OWNER@HOST/DB [APP_ROLE]` (issue 20): copies this
// appliance's SQLite database (OUTPOST_DATA_DIR) into an empty PostgreSQL database, then checks
// the row counts of every table and walks the copied audit chain, which must end in the same
// hash as the source's; then samples.db's chart history into the metrics tables (counts checked
// per tier). The password comes from the URL or PGPASSWORD (read by the pg client).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { entryHash, GENESIS_HASH, verifyAuditChain } from './audit/index.ts'
import { loadConfig, processEnv } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { createGlobalDb } from './db/global-db.ts'
import {
  auditRowsOf,
  copySqliteToPostgres,
  MigrateToPostgresError,
  openPostgresTarget,
  type AuditChainRow,
} from './db/migrate-to-postgres.ts'
import { copyMetricsToPostgres, type MetricsCopyReport } from './metrics/copy-to-postgres.ts'
import { openMetricsStore } from './metrics/metrics-store.ts'
import { PgMetricsStore } from './metrics/pg-metrics-store.ts'
import type { RetentionConfig } from './metrics/tiers.ts'

type Out = (line: string) => void

/** Walks the copied chain; the reason when it is broken, else the count and last hash. */
async function walkChain(
  rows: AsyncIterable<AuditChainRow>,
): Promise<{ ok: true; count: number; last: string } | { ok: false; reason: string }> {
  let prev = GENESIS_HASH
  let seq = 0
  for await (const row of rows) {
    if (row.seq !== seq + 1) return { ok: false, reason: `entry ${seq + 1} is missing` }
    if (row.prev_hash !== prev || entryHash(row) !== row.hash) {
      return { ok: false, reason: `entry ${row.seq} does not match its hash` }
    }
    prev = row.hash
    seq = row.seq
  }
  return { ok: true, count: seq, last: prev }
}

/** samples.db into the PostgreSQL metrics store (made here, with the app role's grants). */
async function copyMetrics(
  file: string,
  url: string,
  appRole: string | undefined,
  retention: RetentionConfig,
): Promise<MetricsCopyReport> {
  const source = openMetricsStore(file, retention)
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  try {
    const target = await PgMetricsStore.open(pool, { retention, ...(appRole ? { appRole } : {}) })
    return await copyMetricsToPostgres(source, target, pool, { nowMs: Date.now() })
  } finally {
    source.close()
    await pool.end()
  }
}

export async function migrateToPostgresCommand(args: string[], out: Out): Promise<number> {
  const [url, appRole] = args
  if (url === undefined || !/^postgres(ql)?:\/\//.test(url)) {
    out('usage: outpost-cli migrate-to-postgres postgres://OWNER@HOST/DB [APP_ROLE]')
    return 2
  }
  const config = loadConfig(processEnv())
  if (!existsSync(config.dbFile)) {
    out(`no database at ${config.dbFile} (set OUTPOST_DATA_DIR)`)
    return 2
  }
  const { sqlite, kysely } = openDatabase(config.dbFile)
  const target = openPostgresTarget(url)
  try {
    const source = await verifyAuditChain(createGlobalDb(kysely))
    if (!source.ok) {
      out(
        `the source audit chain is broken at entry ${source.seq} (${source.reason}): nothing copied`,
      )
      return 1
    }
    const report = await copySqliteToPostgres(sqlite, target, { appRole, progress: out })
    const chain = await walkChain(auditRowsOf(target))
    const lastSource = sqlite
      .prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get() as { hash: string } | undefined
    if (
      !chain.ok ||
      chain.count !== source.count ||
      chain.last !== (lastSource?.hash ?? GENESIS_HASH)
    ) {
      out(
        `audit chain on PostgreSQL does NOT verify: ${chain.ok ? 'it differs from the source' : chain.reason}`,
      )
      return 1
    }
    out(`copied ${report.rows} rows in ${report.tables.length} tables; every count matches`)
    out(`audit chain ok on PostgreSQL: ${chain.count} entries verified`)
    const samples = join(config.dataDir, 'samples.db')
    if (!existsSync(samples)) {
      out('no samples.db: no metrics to copy')
      return 0
    }
    let m: MetricsCopyReport
    try {
      m = await copyMetrics(samples, url, appRole, config.metricsRetention)
    } catch (err) {
      out(
        `the database was copied, but its metrics were not (${(err as Error).message}); nothing of them was committed: drop and recreate the target database and run again`,
      )
      return 1
    }
    out(
      `copied metrics: ${m.series} series, ${m.points.raw} raw / ${m.points.m5} 5-minute / ${m.points.h1} hourly points; every count matches`,
    )
    return 0
  } catch (err) {
    if (err instanceof MigrateToPostgresError) {
      out(`migrate-to-postgres refused: ${err.message}`)
      return 1
    }
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string') {
      out(`migrate-to-postgres failed: ${(err as Error).message} (${code}); nothing was committed`)
      return 1
    }
    throw err
  } finally {
    await target.destroy()
    await kysely.destroy()
  }
}
