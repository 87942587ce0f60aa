// Full-text search on PostgreSQL finds what FTS5 finds on SQLite: the same configs and log lines
// are indexed on both (the migrated search tables), the services' own query builders produce the
// FTS5 queries, fts5ToTsquery translates them, and the matching rows must be the same. The GIN
// indexes must serve the query form the runtime uses.
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toFtsQuery } from '../../../src/backups/backups.service.ts'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import {
  fts5ToTsquery,
  pgFullTextMatch,
  pgFullTextRank,
} from '../../../src/db/migrations-pg/full-text.ts'
import { migratePostgres } from '../../../src/db/migrations-pg/migrate-pg.ts'
import { toLogFtsQuery } from '../../../src/db/syslog-search.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

const DOCS = [
  '/ip address add address=10.0.0.1/24 interface=ether1-gw',
  '/ip firewall filter add chain=forward action=log log-prefix=#VPN',
  'login failure for user admin from 192.168.88.10 via ssh',
  'user Admin logged in from 10.20.0.1 via winbox',
  '/interface bridge add name=bridge-LAN comment="Café network"',
  "dhcp-client on ether2 got IP address 100.64.3.7, it's bound",
  '/system identity set name=Core_Router.01',
  'set [ find default-name=wlan1 ] ssid=Guest_WiFi disabled=no',
  'a\\b path C:\\temp and 50% off & more | pipes <tags> ~tilde',
]
const QUERIES = [
  '10.0.0.1',
  '10.0.0.1/24',
  '10.0.0',
  'ether1-gw',
  'ether1',
  'ether*',
  'log-prefix=#VPN',
  '#VPN',
  'login fail*',
  'ADMIN 192.168.88.10',
  'bridge-lan',
  'café',
  'cafe',
  "it's",
  'core_router',
  'Core_Router.01',
  'router.0*',
  'wlan*',
  'ssid=Guest_WiFi',
  '100.64.3.7,',
  'ip',
  '/ip address',
  '"network"',
  'a\\b c:\\temp 50% & | <tags> ~tilde',
  "it's' OR 1=1 --",
]

let server: TestPostgres
let pgc: pg.Client
const lite = new BetterSqlite3(':memory:')

beforeAll(async () => {
  await migrateToLatest(new Kysely<unknown>({ dialect: new SqliteDialect({ database: lite }) }))
  server = await startPostgres()
  const pool = new pg.Pool({ connectionString: server.url, max: 1 })
  kysely = new Kysely({ dialect: new PostgresDialect({ pool }) })
  await migratePostgres(kysely)
  // the superuser bypasses row-level security: this test is about matching, not isolation
  pgc = new pg.Client({ connectionString: server.url })
  await pgc.connect()
  lite.pragma('foreign_keys = OFF') // SQLite side: only the search tables matter here
  await pgc.query(`INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 1)`)
  for (const [i, body] of DOCS.entries()) {
    await pgc.query(
      `INSERT INTO devices (id, tenant_id, name, host, username_enc, password_enc,
      created_at, updated_at) VALUES ($1, 't', $2, $3, 'u', 'p', 1, 1)`,
      [`d${i}`, `n${i}`, `h${i}`],
    )
    await pgc.query(`INSERT INTO device_config_search VALUES ('t', $1, 'b', $2)`, [`d${i}`, body])
    await pgc.query(
      `INSERT INTO device_logs (tenant_id, device_id, at, facility, severity, host, app, msg)
      VALUES ('t', $1, 1, 1, 1, 'h', 'a', $2)`,
      [`d${i}`, body],
    )
    lite.prepare(`INSERT INTO device_config_search VALUES ('t', ?, 'b', ?)`).run(`d${i}`, body)
    lite
      .prepare(
        `INSERT INTO device_logs (id, tenant_id, device_id, at, facility, severity, host, app, msg)
      VALUES (?, 't', ?, 1, 1, 1, 'h', 'a', ?)`,
      )
      .run(i + 1, `d${i}`, body)
  }
})
afterAll(async () => {
  await pgc?.end()
  await kysely?.destroy()
  server?.stop()
  lite.close()
})

let kysely: Kysely<{ device_config_search: { device_id: string; body: string } }>

/** Through Kysely with the helpers the runtime's dialect functions use. */
async function pgConfigs(fts: string): Promise<string> {
  const rows = await kysely
    .selectFrom('device_config_search')
    .select('device_id')
    .where(pgFullTextMatch('body', fts))
    .orderBy(pgFullTextRank('body', fts), 'desc')
    .execute()
  return rows
    .map((x) => x.device_id)
    .sort()
    .join()
}

describe('PostgreSQL full-text search matches FTS5', () => {
  it('finds the same configs for the fleet search queries', async () => {
    const diffs: string[] = []
    for (const q of QUERIES) {
      const fts = toFtsQuery(q)!
      const want = (
        lite
          .prepare(
            `SELECT device_id FROM device_config_search WHERE body MATCH ? ORDER BY device_id`,
          )
          .all(fts) as { device_id: string }[]
      )
        .map((x) => x.device_id)
        .join()
      const got = await pgConfigs(fts)
      if (want !== got) diffs.push(`${q}: FTS5 ${want} vs PostgreSQL ${got}`)
    }
    expect(diffs).toEqual([])
  })

  it('finds the same log lines for the syslog search queries (prefixes included)', async () => {
    const diffs: string[] = []
    for (const q of QUERIES) {
      const fts = toLogFtsQuery(q)!
      const want = (
        lite
          .prepare(`SELECT rowid FROM device_log_search WHERE msg MATCH ? ORDER BY rowid`)
          .all(fts) as { rowid: number }[]
      )
        .map((x) => x.rowid)
        .join()
      const r = await pgc.query<{ rowid: string }>(
        `SELECT rowid FROM device_log_search WHERE outpost_fts_vector(msg) @@ to_tsquery('simple', $1)
        ORDER BY rowid`,
        [fts5ToTsquery(fts)],
      )
      const got = r.rows.map((x) => x.rowid).join()
      if (want !== got) diffs.push(`${q}: FTS5 ${want} vs PostgreSQL ${got}`)
    }
    expect(diffs).toEqual([])
  })

  it('translates to quoted lexemes only', () => {
    expect(fts5ToTsquery('"login" "fail"*')).toBe("'login' & 'fail':*")
    expect(fts5ToTsquery('"10.0.0.1"')).toBe("('10' <-> '0' <-> '0' <-> '1')")
    expect(fts5ToTsquery(`"it's"`)).toBe("('it' <-> 's')")
    expect(fts5ToTsquery('"..."')).toBe('')
  })

  it('serves the runtime query form from the GIN indexes', async () => {
    await pgc.query('SET enable_seqscan = off')
    const plan = async (q: string): Promise<string> =>
      (await pgc.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q}`)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n')
    expect(
      await plan(`SELECT device_id FROM device_config_search
        WHERE outpost_fts_vector(body) @@ to_tsquery('simple', 'x')
        ORDER BY ts_rank(outpost_fts_vector(body), to_tsquery('simple', 'x')) DESC`),
    ).toContain('device_config_search_body')
    expect(
      // (without the tenant condition: on a table this small the tenant index would win)
      await plan(`SELECT rowid FROM device_log_search
        WHERE outpost_fts_vector(msg) @@ to_tsquery('simple', 'x')`),
    ).toContain('device_logs_msg_fts')
  })
})
