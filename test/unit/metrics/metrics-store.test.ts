import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openMetricsStore, type MetricsStore } from '../../../src/metrics/metrics-store.ts'

const T0 = Date.UTC(2026, 10, 1) // a 6 h and 1 h boundary
const MIN = 60_000

let dir: string
let store: MetricsStore

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-metrics-'))
  store = openMetricsStore(join(dir, 'samples.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function feed(minutes: number, deviceId = 'dev1', tenantId = 't1'): void {
  for (let i = 0; i < minutes; i++) {
    store.record(tenantId, deviceId, T0 + i * MIN, [
      { metric: 'cpu', value: i % 10 },
      { metric: 'if_rx', label: 'ether1', value: 1000 * i },
    ])
  }
}

describe('MetricsStore', () => {
  it('keeps samples in memory until a flush writes them in one go', () => {
    feed(3)
    const q = {
      tenantId: 't1',
      deviceId: 'dev1',
      metric: 'cpu' as const,
      fromMs: T0,
      toMs: T0 + 3 * MIN,
    }
    expect(store.read(q, T0 + 3 * MIN).points).toEqual([])
    expect(store.flush()).toBe(6)
    const r = store.read(q, T0 + 3 * MIN)
    expect(r.tier).toBe('raw')
    expect(r.points.map((p) => p.avg)).toEqual([0, 1, 2])
  })

  it('writes 5-minute rollups with average and maximum', () => {
    feed(11)
    store.flush()
    const now = T0 + 11 * MIN
    const r = store.read(
      { tenantId: 't1', deviceId: 'dev1', metric: 'cpu', fromMs: T0, toMs: T0 + 7 * 86_400_000 },
      now,
    )
    expect(r.tier).toBe('m5')
    expect(r.points).toEqual([
      { t: T0, avg: 2, max: 4 },
      { t: T0 + 5 * MIN, avg: 7, max: 9 },
    ])
  })

  it('merges a partial bucket written at shutdown with later samples of that bucket', () => {
    feed(2)
    store.close()
    store = openMetricsStore(join(dir, 'samples.db'))
    store.record('t1', 'dev1', T0 + 2 * MIN, [{ metric: 'cpu', value: 2 }])
    store.record('t1', 'dev1', T0 + 5 * MIN, [{ metric: 'cpu', value: 0 }])
    store.flush()
    const r = store.read(
      { tenantId: 't1', deviceId: 'dev1', metric: 'cpu', fromMs: T0, toMs: T0 + 86_400_000 },
      T0,
    )
    expect(r.points[0]).toEqual({ t: T0, avg: 1, max: 2 })
  })

  it("never returns another tenant's series for the same device id", () => {
    feed(2, 'dev1', 't1')
    store.flush()
    const r = store.read(
      { tenantId: 't2', deviceId: 'dev1', metric: 'cpu', fromMs: T0, toMs: T0 + MIN },
      T0,
    )
    expect(r.points).toEqual([])
    expect(store.labels('t1', 'dev1', 'if_rx')).toEqual(['ether1'])
    expect(store.labels('t2', 'dev1', 'if_rx')).toEqual([])
  })

  it('drops raw partitions past 48 h and keeps rollups', () => {
    feed(10)
    store.flush(T0 + 10 * MIN)
    const before = store.writer.tables.list(store.writer.tiers.raw)
    expect(before).toHaveLength(1)
    expect(store.retain(T0 + 47 * 3_600_000)).toEqual([])
    const dropped = store.retain(T0 + 54 * 3_600_000)
    expect(dropped).toEqual([before[0]?.table])
    const q = {
      tenantId: 't1',
      deviceId: 'dev1',
      metric: 'cpu' as const,
      fromMs: T0,
      toMs: T0 + 86_400_000,
    }
    expect(store.read(q, T0 + 54 * 3_600_000).points.length).toBeGreaterThan(0)
    expect(store.bytes()).toBeGreaterThan(0)
  })

  it('closes the rollup bucket of a device that stopped reporting on a timed flush', () => {
    feed(1)
    store.flush(T0 + MIN)
    store.flush(T0 + 11 * MIN)
    const q = {
      tenantId: 't1',
      deviceId: 'dev1',
      metric: 'cpu' as const,
      fromMs: T0,
      toMs: T0 + 86_400_000,
    }
    expect(store.read(q, T0 + 11 * MIN).points).toEqual([{ t: T0, avg: 0, max: 0 }])
  })
})
