// Opens the PostgreSQL pool of the process (OUTPOST_DATABASE_URL) and builds the raw Kysely on it.
// The driver is ours, not Kysely's PostgresDriver, because every query that a tenant or global
// handle built (query-mode.ts) must run in a transaction whose first statement sets the row-level
// security settings with set_config(…, true), i.e. SET LOCAL: they end with the transaction, so a
// pooled connection never carries one request's tenant into the next.
import pg from 'pg'
import {
  type CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { AppError } from '../lib/errors.ts'
import { PgCompiler } from './dialect-compilers.ts'
import { statementName, unname } from './pg-statement-names.ts'
import { GLOBAL_SCOPE, SCOPE_SETTING, TENANT_SETTING } from './migrations-pg/row-level-security.ts'
import { modeOf, SystemModePlugin, type QueryMode } from './query-mode.ts'
import type { Database } from './schema.ts'

// The policies (migrations-pg/row-level-security.ts) compare tenant_id with TENANT_SETTING and
// let SCOPE_SETTING = 'global' (the reviewed cross-tenant handles) past.

// Timestamps are epoch-ms BIGINT and counts come back as int8, sums of int8 as numeric: the app
// works with numbers (all well inside 2^53). bytea already arrives as a Buffer.
const INT8 = 20
const NUMERIC = 1700
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

function settingsOf(mode: QueryMode): [string, string] {
  return mode.kind === 'tenant' ? [mode.tenantId, ''] : ['', GLOBAL_SCOPE]
}
const keyOf = (mode: QueryMode): string => (mode.kind === 'tenant' ? `t:${mode.tenantId}` : 'g')
const SET_SQL = `SELECT set_config('${TENANT_SETTING}', $1, true), set_config('${SCOPE_SETTING}', $2, true)`

/**
 * PostgreSQL does not answer (down, restarting, unreachable): the request fails as a whole (its
 * transaction never committed) with a 503 that says so; the pool reconnects once it is back.
 */
export class DatabaseUnavailableError extends AppError {
  override readonly name = 'DatabaseUnavailableError'
  readonly status = 503 as const
  constructor(cause: unknown) {
    super(
      'The database does not answer: nothing was saved. Try again in a moment.',
      'database_unavailable',
      { cause },
    )
  }
}

/** A pool or socket failure (the server went away), not an SQL error the server reported. */
function unavailable(err: unknown): boolean {
  if (isConnectionError(err)) return true
  const message = (err as { message?: unknown } | undefined)?.message
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i.test(
      message,
    )
  )
}

class PgConnection implements DatabaseConnection {
  readonly client: pg.PoolClient
  /** inside a transaction Kysely opened (beginTransaction … commit/rollback) */
  inTx = false
  /** the mode whose settings the open transaction carries */
  #txMode: string | undefined
  /** BEGIN of a transaction Kysely opened, not sent yet */
  #pendingBegin: string | undefined
  /** a statement failed in a way that may have left the session unusable */
  broken = false
  constructor(client: pg.PoolClient) {
    this.client = client
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const mode = modeOf(query.queryId)
    if (this.inTx) {
      if (this.#pendingBegin !== undefined) {
        // BEGIN waits for the first statement, so it travels with the settings in one round trip
        const begin = this.#pendingBegin
        this.#pendingBegin = undefined
        await this.#q(mode === undefined ? begin : `${begin}; ${this.#setLiteral(mode)}`)
        if (mode !== undefined) this.#txMode = keyOf(mode)
      } else if (mode !== undefined && keyOf(mode) !== this.#txMode) {
        await this.#q(SET_SQL, settingsOf(mode))
        this.#txMode = keyOf(mode)
      }
      return this.#run<R>(query)
    }
    if (mode === undefined) return this.#run<R>(query)
    // one statement outside a transaction: its own, so the settings end with it. BEGIN and the
    // settings go in one round trip (simple protocol, literals escaped by the client).
    await this.#q(`BEGIN; ${this.#setLiteral(mode)}`)
    try {
      const result = await this.#run<R>(query)
      await this.#q('COMMIT')
      return result
    } catch (err) {
      await this.#q('ROLLBACK').catch(() => undefined)
      throw err
    }
  }

  /** The settings of `mode` as one statement of the simple protocol (literals escaped). */
  #setLiteral(mode: QueryMode): string {
    const [tenant, global] = settingsOf(mode).map((v) => this.client.escapeLiteral(v))
    return `SELECT set_config('${TENANT_SETTING}', ${tenant}, true), set_config('${SCOPE_SETTING}', ${global}, true)`
  }

  async begin(settings: TransactionSettings): Promise<void> {
    let text = 'BEGIN'
    if (settings.isolationLevel) text += ` ISOLATION LEVEL ${settings.isolationLevel}`
    if (settings.accessMode) text += ` ${settings.accessMode}`
    // sent with the first statement (a transaction's snapshot starts there anyway)
    this.#pendingBegin = text
    this.inTx = true
    this.#txMode = undefined
  }

  async end(command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    try {
      // a transaction that ran no statement never reached the server
      if (this.#pendingBegin === undefined) await this.#q(command)
    } finally {
      this.#pendingBegin = undefined
      this.inTx = false
      this.#txMode = undefined
    }
  }

  // eslint-disable-next-line require-yield -- the app never streams; Kysely's interface needs it
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PostgreSQL here')
  }

  async #run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const name = statementName(query)
    let r: pg.QueryResult
    try {
      r = await this.#q(name === undefined ? query.sql : { name, text: query.sql }, [
        ...query.parameters,
      ])
    } catch (err) {
      // the schema changed under a prepared statement (a migration by another process): the
      // statement runs unprepared from now on
      if (name !== undefined && (err as { code?: unknown }).code === '0A000') unname(query.sql)
      throw err
    }
    const counted = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(r.command)
    return {
      numAffectedRows: counted ? BigInt(r.rowCount ?? 0) : undefined,
      rows: (r.rows ?? []) as R[],
    }
  }

  async #q(
    text: string | { name: string; text: string },
    values?: unknown[],
  ): Promise<pg.QueryResult> {
    try {
      return await this.client.query(text, values)
    } catch (err) {
      // a server error (it has an SQLSTATE) leaves the session usable; anything else may not
      if (typeof (err as { code?: unknown }).code !== 'string' || isConnectionError(err)) {
        this.broken = true
      }
      throw unavailable(err) ? new DatabaseUnavailableError(err) : err
    }
  }
}

/** SQLSTATE class 08 (connection exception), 57P01-03 (shutdown) or a socket error. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code
  if (typeof code !== 'string') return false
  return /^08/.test(code) || /^57P0[123]$/.test(code) || /^E[A-Z]+$/.test(code)
}

class PgDriver implements Driver {
  readonly #pool: pg.Pool
  readonly #connections = new WeakMap<pg.PoolClient, PgConnection>()
  constructor(pool: pg.Pool) {
    this.#pool = pool
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect().catch((err: unknown) => {
      throw unavailable(err) ? new DatabaseUnavailableError(err) : err
    })
    let c = this.#connections.get(client)
    if (c === undefined) {
      c = new PgConnection(client)
      this.#connections.set(client, c)
    }
    return c
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (c as PgConnection).begin(settings)
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await (c as PgConnection).end('COMMIT')
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await (c as PgConnection).end('ROLLBACK')
  }
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    const conn = c as PgConnection
    // a connection that broke, or that somehow still is in a transaction, is closed, not reused
    const discard = conn.broken || conn.inTx
    if (discard) this.#connections.delete(conn.client)
    conn.client.release(discard ? true : undefined)
  }
  async destroy(): Promise<void> {
    await this.#pool.end()
  }
}

class OutpostPgDialect implements Dialect {
  readonly #pool: pg.Pool
  constructor(pool: pg.Pool) {
    this.#pool = pool
  }
  createDriver(): Driver {
    return new PgDriver(this.#pool)
  }
  createQueryCompiler(): QueryCompiler {
    return new PgCompiler()
  }
  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }
}

export interface OpenPostgres {
  pool: pg.Pool
  /** the raw handle; its own queries run as the system (global setting) */
  kysely: Kysely<Database>
  /** `host:port/database` of the URL, for messages (never the password) */
  where: string
  /** one round trip to the server; throws when it does not answer */
  ping(): Promise<void>
}

export interface OpenPostgresOptions {
  /** pooled connections (default 10) */
  max?: number
  /** how long a query waits for a connection before failing (ms, default 5000) */
  connectTimeoutMs?: number
  /** called when an idle pooled connection fails (server restarted): logged, never thrown */
  onIdleError?: (err: Error) => void
}

/** `host:port/database` of a postgres:// URL (no user or password). */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`
  } catch {
    return '(unparsable URL)'
  }
}

/**
 * @example const { kysely, ping } = openPostgres('postgres://outpost@db:5432/outpost')
 */
export function openPostgres(url: string, options: OpenPostgresOptions = {}): OpenPostgres {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    types,
    application_name: 'outpost',
  })
  // an idle client whose server went away emits 'error'; unhandled it would end the process
  pool.on('error', (err) => options.onIdleError?.(err))
  pool.on('connect', (client) => client.on('error', () => undefined))
  const kysely = new Kysely<Database>({ dialect: new OutpostPgDialect(pool) }).withPlugin(
    new SystemModePlugin(),
  )
  const ping = async (): Promise<void> => {
    await pool.query('SELECT 1')
  }
  return { pool, kysely, where: describePgUrl(url), ping }
}
