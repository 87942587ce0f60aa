import { join } from 'node:path'
import pg from 'pg'
import { SqliteMetricsBackend, type MetricsBackend } from './metrics-backend.ts'
import { openMetricsStore, type MetricsLog } from './metrics-store.ts'
import { PgMetricsStore } from './pg-metrics-store.ts'
import type { RetentionConfig } from './tiers.ts'

export interface MetricsBackendOptions {
  log?: MetricsLog
  /** PostgreSQL (issue 20): metrics go to partitioned tables through this pool (not closed by the store) */
  pgPool?: pg.Pool
  /** PostgreSQL by URL: the store opens its own small pool and closes it on close() */
  pgUrl?: string
  /**
   * The tables' owner (OUTPOST_DATABASE_OWNER_URL) when `pgUrl` is the app role: the owner makes
   * the schema, partitions and grants; samples are written and read as the app role, held to
   * row-level security
   */
  pgOwnerUrl?: string
}

interface MetricsConfig {
  dataDir: string
  metricsRetention: RetentionConfig
}

/** The embedded default: samples.db next to the main database. */
export function openSqliteMetricsBackend(
  config: MetricsConfig,
  log?: MetricsLog,
): SqliteMetricsBackend {
  return new SqliteMetricsBackend(
    openMetricsStore(join(config.dataDir, 'samples.db'), config.metricsRetention, log),
  )
}

function metricsPool(url: string, max: number, log: MetricsLog | undefined): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max })
  // an idle connection the server drops (restart, outage) is reported here; without a listener
  // the pool would throw it as an uncaught 'error' event and end the process
  pool.on('error', (err) => log?.error({ err }, 'metrics database connection lost'))
  return pool
}

/**
 * Opens the metrics store the configuration asks for: PostgreSQL when given a pool or URL
 * (OUTPOST_DATABASE_URL), else samples.db. On PostgreSQL the store creates its schema at open.
 * @example const metrics = await openMetricsBackend(config, { pgPool: deps.pgPool, log })
 */
export async function openMetricsBackend(
  config: MetricsConfig,
  opts: MetricsBackendOptions = {},
): Promise<MetricsBackend> {
  if (opts.pgPool !== undefined)
    return PgMetricsStore.open(opts.pgPool, { retention: config.metricsRetention, log: opts.log })
  if (opts.pgUrl !== undefined) {
    const pool = metricsPool(opts.pgUrl, 4, opts.log)
    const owner =
      opts.pgOwnerUrl !== undefined && opts.pgOwnerUrl !== opts.pgUrl
        ? metricsPool(opts.pgOwnerUrl, 1, opts.log)
        : undefined
    try {
      return await PgMetricsStore.open(pool, {
        retention: config.metricsRetention,
        log: opts.log,
        ownsPool: true,
        ...(owner ? { ownerPool: owner } : {}),
      })
    } catch (err) {
      await pool.end()
      await owner?.end()
      throw err
    }
  }
  return openSqliteMetricsBackend(config, opts.log)
}
