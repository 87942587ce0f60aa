// What only the PostgreSQL metrics store has (issue 20): its self-made schema of partitioned
// tables, partitions made ahead, tenant_id on every row, recovery from a failed flush or a
// partition dropped by another poller, several stores on one database, and the factory.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMetricsBackend } from '../../../src/metrics/open-backend.ts'
import { PgMetricsStore } from '../../../src/metrics/pg-metrics-store.ts'
import { buildTiers, DEFAULT_RETENTION, partitionOf } from '../../../src/metrics/tiers.ts'
import { postgresAppPool, postgresKind, postgresPool, postgresServer } from './backend-fixtures.ts'

const T0 = Date.UTC(2026, 10, 1)
const MIN = 60_000
const tiers = buildTiers()
let n = 0
const schema = () => `pgm_${process.pid}_${++n}`

beforeAll(() => postgresKind.setup())
afterAll(() => postgresKind.teardown())

async function relkinds(s: string): Promise<Record<string, string>> {
  const r = await postgresPool().query<{ relname: string; relkind: string }>(
    `SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [s],
  )
  return Object.fromEntries(r.rows.map((x) => [x.relname, x.relkind]))
}

describe('PgMetricsStore', () => {
  it('creates partitioned tables once, with the partitions of now and next made ahead', async () => {
    const s = schema()
    const a = await PgMetricsStore.open(postgresPool(), { schema: s })
    const b = await PgMetricsStore.open(postgresPool(), { schema: s }) // idempotent
    expect(a.mode).toBe('partitions') // TimescaleDB is not installed here
    const kinds = await relkinds(s)
    expect([kinds.raw, kinds.m5, kinds.h1]).toEqual(['p', 'p', 'p'])
    expect(kinds.series).toBe('r')
    const nowS = Math.floor(Date.now() / 1000)
    for (const tier of Object.values(tiers)) {
      const p = partitionOf(tier, nowS)
      expect(kinds[`${tier.name}_${p}`]).toBe('r')
      expect(kinds[`${tier.name}_${p + 1}`]).toBe('r')
    }
    await Promise.all([a.close(), b.close()])
  })

  it('puts tenant_id on every row', async () => {
    const s = schema()
    const store = await PgMetricsStore.open(postgresPool(), { schema: s })
    for (let i = 0; i < 11; i++) {
      store.record('ta', 'd1', T0 + i * MIN, [{ metric: 'cpu', value: i }])
      store.record('tb', 'd1', T0 + i * MIN, [{ metric: 'cpu', value: i }])
    }
    await store.flush()
    for (const table of ['raw', 'm5', 'open_buckets', 'series']) {
      const r = await postgresPool().query<{ tenant_id: string; c: string }>(
        `SELECT tenant_id, count(*) AS c FROM ${s}.${table} GROUP BY tenant_id ORDER BY tenant_id`,
      )
      expect(r.rows.map((x) => x.tenant_id)).toEqual(['ta', 'tb'])
    }
    await store.close()
  })

  it('holds the app role to row-level security: no rows without a tenant, only its own with one', async () => {
    const s = schema()
    const store = await PgMetricsStore.open(postgresAppPool(), {
      schema: s,
      ownerPool: postgresPool(),
    })
    for (let i = 0; i < 11; i++) {
      store.record('ta', 'd1', T0 + i * MIN, [{ metric: 'cpu', value: i }])
      store.record('tb', 'd2', T0 + i * MIN, [{ metric: 'cpu', value: i }])
    }
    await store.flush()
    const app = await postgresAppPool().connect()
    try {
      for (const table of ['raw', 'm5', 'open_buckets', 'series']) {
        const all = await app.query<{ c: string }>(`SELECT count(*) AS c FROM ${s}.${table}`)
        expect(all.rows[0]!.c, `${table} without a tenant`).toBe('0')
        await app.query('BEGIN')
        await app.query(`SELECT set_config('outpost.tenant_id', 'ta', true)`)
        const own = await app.query<{ t: string }>(
          `SELECT DISTINCT tenant_id AS t FROM ${s}.${table}`,
        )
        await app.query('COMMIT')
        expect(
          own.rows.map((r) => r.t),
          table,
        ).toEqual(['ta'])
      }
      // a row for another tenant is refused, and the app role makes no tables
      await app.query('BEGIN')
      await app.query(`SELECT set_config('outpost.tenant_id', 'ta', true)`)
      await expect(
        app.query(
          `INSERT INTO ${s}.series (tenant_id, device_id, metric) VALUES ('tb', 'dx', 'cpu')`,
        ),
      ).rejects.toThrow(/row-level security/)
      await app.query('ROLLBACK')
      await expect(app.query(`CREATE TABLE ${s}.x (a int)`)).rejects.toThrow(/permission denied/)
    } finally {
      app.release()
    }
    // the store reads as the tenant: its device, not another tenant's
    const read = (tenantId: string, deviceId: string) =>
      store.read(
        { tenantId, deviceId, metric: 'cpu', fromMs: T0, toMs: T0 + 10 * MIN },
        T0 + 11 * MIN,
      )
    expect((await read('ta', 'd1')).points.length).toBeGreaterThan(0)
    expect((await read('ta', 'd2')).points).toEqual([])
    await store.close()
  })

  it('keeps a failed flush for the next one', async () => {
    const s = schema()
    const pool = postgresPool()
    const store = await PgMetricsStore.open(pool, { schema: s })
    store.record('t1', 'd1', T0, [{ metric: 'cpu', value: 1 }])
    await pool.query(`ALTER TABLE ${s}.raw RENAME TO raw_away`)
    await expect(store.flush()).rejects.toThrow(/raw/)
    await pool.query(`ALTER TABLE ${s}.raw_away RENAME TO raw`)
    store.record('t1', 'd1', T0 + MIN, [{ metric: 'cpu', value: 2 }])
    expect(await store.flush()).toBe(2)
    const q = {
      tenantId: 't1',
      deviceId: 'd1',
      metric: 'cpu' as const,
      fromMs: T0,
      toMs: T0 + 5 * MIN,
    }
    expect((await store.read(q, T0 + 5 * MIN)).points.map((p) => p.avg)).toEqual([1, 2])
    await store.close()
  })

  it('recreates a partition another poller dropped, and writes into it', async () => {
    const s = schema()
    const pool = postgresPool()
    const store = await PgMetricsStore.open(pool, { schema: s })
    store.record('t1', 'd1', T0, [{ metric: 'cpu', value: 1 }])
    await store.flush()
    await pool.query(`DROP TABLE ${s}.raw_${partitionOf(tiers.raw, T0 / 1000)}`)
    store.record('t1', 'd1', T0 + MIN, [{ metric: 'cpu', value: 2 }])
    expect(await store.flush()).toBe(1)
    const q = {
      tenantId: 't1',
      deviceId: 'd1',
      metric: 'cpu' as const,
      fromMs: T0,
      toMs: T0 + 5 * MIN,
    }
    expect((await store.read(q, T0 + 5 * MIN)).points.map((p) => p.avg)).toEqual([2])
    await store.close()
  })

  it('lets several pollers write the same series and partitions at once', async () => {
    const s = schema()
    const stores = await Promise.all(
      [1, 2, 3].map(() => PgMetricsStore.open(postgresPool(), { schema: s })),
    )
    stores.forEach((store, i) => {
      // every store a sample of the same series, in a partition none has made yet
      store.record('t1', 'd1', T0 + 10 * 86_400_000 + i * MIN, [{ metric: 'cpu', value: i }])
    })
    expect(await Promise.all(stores.map((x) => x.flush()))).toEqual([1, 1, 1])
    const ids = await postgresPool().query(`SELECT id FROM ${s}.series`)
    expect(ids.rowCount).toBe(1)
    await Promise.all(stores.map((x) => x.close()))
  })

  it('refuses a schema name that is not a plain identifier, creating nothing', async () => {
    await expect(
      PgMetricsStore.open(postgresPool(), { schema: 'x; DROP TABLE y' }),
    ).rejects.toThrow(/plain lower-case identifier/)
  })

  it('is what openMetricsBackend opens for a PostgreSQL URL; samples.db otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-mbf-'))
    const config = { dataDir: dir, metricsRetention: DEFAULT_RETENTION }
    const pgStore = await openMetricsBackend(config, { pgUrl: postgresServer().url })
    expect(pgStore.kind).toBe('postgres')
    pgStore.record('t1', 'd1', T0, [{ metric: 'cpu', value: 5 }])
    await pgStore.close() // flushes, then ends its own pool
    const viaPool = await openMetricsBackend(config, { pgPool: postgresPool() })
    const q = { tenantId: 't1', deviceId: 'd1', metric: 'cpu' as const, fromMs: T0, toMs: T0 + MIN }
    expect((await viaPool.read(q, T0 + MIN)).points.map((p) => p.avg)).toEqual([5])
    await viaPool.close()
    const local = await openMetricsBackend(config)
    expect(local.kind).toBe('sqlite')
    await local.close()
    await expect(
      openMetricsBackend(config, { pgUrl: 'postgres://nobody@127.0.0.1:1/none' }),
    ).rejects.toThrow(/ECONNREFUSED|connect/)
    rmSync(dir, { recursive: true, force: true })
  })
})
