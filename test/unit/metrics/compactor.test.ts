import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openMetricsStore, type MetricsStore } from '../../../src/metrics/metrics-store.ts'
import type { SeriesQuery } from '../../../src/metrics/metrics-reader.ts'

const T0 = Date.UTC(2026, 10, 1)
const MIN = 60_000
const HOUR = 3_600_000

let dir: string
let store: MetricsStore

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-compactor-'))
  store = openMetricsStore(join(dir, 'samples.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Feeds `hours` of one-minute samples for two devices, flushing like the runner. */
function feed(hours: number): number {
  const end = T0 + hours * HOUR
  for (let at = T0; at < end; at += MIN) {
    const k = (at - T0) / MIN
    for (const d of ['dev1', 'dev2']) {
      store.record('t1', d, at, [
        { metric: 'cpu', value: (k * 7) % 100 },
        { metric: 'if_rx', label: 'ether1', value: 1_000_000 + 137 * k },
      ])
    }
    if (k % 10 === 0) store.flush(at)
  }
  store.flush(end)
  return end
}

const rowCount = (glob: string) =>
  (
    store.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?`)
      .all(glob) as { name: string }[]
  ).reduce(
    (n, t) =>
      n + (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t.name}`).get() as { n: number }).n,
    0,
  )

describe('Compactor (through MetricsStore)', () => {
  it('packs finished blocks into one row per device and block, and charts read the same points', () => {
    const end = feed(30)
    const queries: SeriesQuery[] = [
      { tenantId: 't1', deviceId: 'dev1', metric: 'cpu', fromMs: end - 6 * HOUR, toMs: end },
      {
        tenantId: 't1',
        deviceId: 'dev2',
        metric: 'if_rx',
        label: 'ether1',
        fromMs: end - 6 * HOUR,
        toMs: end,
      },
      { tenantId: 't1', deviceId: 'dev1', metric: 'cpu', fromMs: T0, toMs: end },
      {
        tenantId: 't1',
        deviceId: 'dev2',
        metric: 'if_rx',
        label: 'ether1',
        fromMs: T0 - 10 * 86_400_000,
        toMs: end,
      },
    ]
    const before = queries.map((q) => store.read(q, end))
    store.compactAll(end)
    // of 30 h × 60 samples × 4 series, only the newest unfinished block (1 h + grace) stays rows
    expect(rowCount('raw_*')).toBeLessThanOrEqual(4 * 65)
    expect(rowCount('pk_raw_*')).toBe(2 * 29) // 29 finished 1-hour blocks, per device
    expect(rowCount('pk_m5_*')).toBeGreaterThan(0)
    expect(rowCount('pk_h1_*')).toBe(2) // one finished day per device
    const after = queries.map((q) => store.read(q, end))
    expect(after[0]).toEqual(before[0]) // raw values come back exactly
    const k0 = (end - 6 * HOUR - T0) / MIN
    expect(after[0]?.points.map((p) => p.avg)).toEqual(
      Array.from({ length: 361 }, (_, i) => ((k0 + i) * 7) % 100).slice(0, after[0]?.points.length),
    )
    expect(after[1]).toEqual(before[1])
    for (const [i, a] of after.entries()) {
      const b = before[i]
      expect(a.tier).toBe(b?.tier)
      expect(a.points.map((p) => p.t)).toEqual(b?.points.map((p) => p.t))
      a.points.forEach((p, j) => {
        const o = b?.points[j]
        expect(Math.abs(p.avg - (o?.avg ?? 0))).toBeLessThanOrEqual(
          Math.abs(o?.max ?? 0) * 0.0005 + 0.01,
        )
      })
    }
  })

  it('packs finished blocks during the runner’s timed flushes, a few devices at a time', () => {
    const end = feed(3)
    const packed = rowCount('pk_raw_*')
    expect(packed).toBeGreaterThan(0) // the runner's flushes already packed the first block
    store.flush(end + MIN)
    expect(rowCount('pk_raw_*')).toBe(packed)
  })

  it('drops packed partitions with their tier at retention', () => {
    const end = feed(8)
    store.compactAll(end)
    expect(rowCount('pk_raw_*')).toBeGreaterThan(0)
    const dropped = store.retain(end + 60 * HOUR)
    expect(dropped.some((t) => t.startsWith('pk_raw_'))).toBe(true)
    expect(rowCount('pk_raw_*')).toBe(0)
  })

  it('upgrades a samples.db of the row format and packs its samples', () => {
    store.close()
    const file = join(dir, 'v1.db')
    const v1 = new Database(file)
    v1.exec(`PRAGMA auto_vacuum = INCREMENTAL;
      CREATE TABLE series (id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL, device_id TEXT NOT NULL,
        metric TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', UNIQUE (tenant_id, device_id, metric, label));
      CREATE TABLE raw_${Math.floor(T0 / 1000 / 21_600)} (series_id INTEGER NOT NULL, ts INTEGER NOT NULL,
        value REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
      INSERT INTO series (tenant_id, device_id, metric, label) VALUES ('t1', 'dev1', 'cpu', '');
      PRAGMA user_version = 1;`)
    const ins = v1.prepare(`INSERT INTO raw_${Math.floor(T0 / 1000 / 21_600)} VALUES (1, ?, ?)`)
    for (let k = 0; k < 60; k++) ins.run(T0 / 1000 + k * 60, k)
    v1.close()
    store = openMetricsStore(file)
    const now = T0 + 3 * HOUR
    store.compactAll(now)
    const r = store.read(
      { tenantId: 't1', deviceId: 'dev1', metric: 'cpu', fromMs: T0, toMs: T0 + HOUR },
      now,
    )
    expect(r.points.map((p) => p.avg)).toEqual(Array.from({ length: 60 }, (_, k) => k))
    expect(rowCount('pk_raw_*')).toBe(1)
  })
})
