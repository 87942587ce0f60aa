// The same behaviour against both metrics backends (issue 20): samples.db and PostgreSQL with
// partitioned tables. Each test gets its own store (a file, or a schema on one PostgreSQL).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MetricsBackend } from '../../../src/metrics/metrics-backend.ts'
import { buildTiers, partitionOf } from '../../../src/metrics/tiers.ts'
import { postgresKind, sqliteKind, type BackendWorld } from './backend-fixtures.ts'

const T0 = Date.UTC(2026, 10, 1) // a 6 h and 1 h boundary
const MIN = 60_000
const HOUR = 60 * MIN
const tiers = buildTiers()

describe.each([sqliteKind, postgresKind])('metrics backend: $name', (kind) => {
  let world: BackendWorld
  let store: MetricsBackend

  beforeAll(() => kind.setup())
  afterAll(() => kind.teardown())
  beforeEach(async () => {
    world = await kind.world()
    store = await world.open()
  })
  afterEach(async () => {
    await store.close()
    await world.dispose()
  })

  function feed(from: number, to: number, deviceId = 'dev1', tenantId = 't1'): void {
    for (let i = from; i < to; i++) {
      store.record(tenantId, deviceId, T0 + i * MIN, [
        { metric: 'cpu', value: i % 10 },
        { metric: 'if_rx', label: 'ether1', value: 1000 * i },
        { metric: 'if_rx', label: 'ether2', value: 7 },
      ])
    }
  }
  const cpu = (fromMs: number, toMs: number, tenantId = 't1', deviceId = 'dev1') => ({
    tenantId,
    deviceId,
    metric: 'cpu' as const,
    fromMs,
    toMs,
  })

  it('keeps samples in memory until a flush, then reads each tier', async () => {
    feed(0, 11)
    expect((await store.read(cpu(T0, T0 + 3 * MIN), T0 + 11 * MIN)).points).toEqual([])
    // 33 raw samples and two closed 5-minute buckets of three series
    expect(await store.flush()).toBe(33 + 6)
    const raw = await store.read(cpu(T0, T0 + 3 * MIN), T0 + 11 * MIN)
    expect(raw.tier).toBe('raw')
    expect(raw.points).toEqual([0, 1, 2, 3].map((i) => ({ t: T0 + i * MIN, avg: i, max: i })))
    const m5 = await store.read(cpu(T0, T0 + 7 * 86_400_000), T0 + 11 * MIN)
    expect(m5.tier).toBe('m5')
    expect(m5.points).toEqual([
      { t: T0, avg: 2, max: 4 },
      { t: T0 + 5 * MIN, avg: 7, max: 9 },
    ])
    // a flush with the time closes buckets no live device adds to any more (the hour's bucket)
    await store.flush(T0 + 3 * HOUR)
    const h1 = await store.read(cpu(T0, T0 + 30 * 86_400_000), T0 + 3 * HOUR)
    expect(h1.tier).toBe('h1')
    expect(h1.points).toEqual([{ t: T0, avg: 4.09, max: 9 }])
  })

  it('lists labels per tenant and device; another tenant sees nothing', async () => {
    feed(0, 2)
    await store.flush()
    expect(await store.labels('t1', 'dev1', 'if_rx')).toEqual(['ether1', 'ether2'])
    expect(await store.labels('t2', 'dev1', 'if_rx')).toEqual([])
    expect((await store.read(cpu(T0, T0 + HOUR, 't2'), T0 + HOUR)).points).toEqual([])
  })

  it('forgets a removed device; a device recorded again starts afresh', async () => {
    feed(0, 3)
    feed(0, 3, 'dev2')
    await store.flush()
    await store.removeDevice('t1', 'dev1')
    expect(await store.labels('t1', 'dev1', 'if_rx')).toEqual([])
    expect((await store.read(cpu(T0, T0 + HOUR), T0 + HOUR)).points).toEqual([])
    expect((await store.read(cpu(T0, T0 + HOUR, 't1', 'dev2'), T0 + HOUR)).points).toHaveLength(3)
    feed(10, 11)
    await store.flush()
    const again = await store.read(cpu(T0, T0 + HOUR), T0 + HOUR)
    expect(again.points).toEqual([{ t: T0 + 10 * MIN, avg: 0, max: 0 }])
  })

  it('drops whole raw partitions past 48 h and keeps the rollups', async () => {
    feed(0, 11)
    await store.flush(T0 + 2 * HOUR)
    const rawP = partitionOf(tiers.raw, T0 / 1000)
    expect(await world.partitions('raw')).toContain(rawP)
    // the partition [T0, T0 + 6 h) is wholly past 48 h only from T0 + 54 h
    expect(await store.retain(T0 + 53 * HOUR)).toEqual([])
    const dropped = await store.retain(T0 + 54 * HOUR)
    expect(dropped).toContain(`raw_${rawP}`)
    expect(dropped.some((d) => !d.startsWith('raw_') && !d.startsWith('pk_raw_'))).toBe(false)
    expect(await world.partitions('raw')).not.toContain(rawP)
    expect(await world.partitions('m5')).toContain(partitionOf(tiers.m5, T0 / 1000))
    const m5 = await store.read(cpu(T0, T0 + 7 * 86_400_000), T0 + 54 * HOUR)
    expect(m5.points.map((p) => p.avg)).toEqual([2, 7, 0]) // minute 10's bucket closed by the flush
  })

  it('keeps samples and open rollup buckets across a restart', async () => {
    feed(0, 7) // bucket T0 closed at minute 5; bucket T0+5 min open with 5 and 6
    await store.flush()
    await store.close()
    store = await world.open()
    expect((await store.read(cpu(T0, T0 + HOUR), T0 + HOUR)).points).toHaveLength(7)
    feed(7, 11)
    await store.flush()
    const m5 = await store.read(cpu(T0, T0 + 7 * 86_400_000), T0 + 11 * MIN)
    expect(m5.points).toEqual([
      { t: T0, avg: 2, max: 4 },
      { t: T0 + 5 * MIN, avg: 7, max: 9 },
    ])
  })

  it('writes a repeated sample once (the later value) and merges a bucket written twice', async () => {
    store.record('t1', 'dev1', T0, [{ metric: 'cpu', value: 1 }])
    store.record('t1', 'dev1', T0, [{ metric: 'cpu', value: 3 }])
    await store.flush(T0 + HOUR) // closes the bucket with both samples
    store.record('t1', 'dev1', T0 + MIN, [{ metric: 'cpu', value: 8 }]) // late, same bucket
    await store.flush(T0 + HOUR)
    expect((await store.read(cpu(T0, T0 + 2 * MIN), T0 + HOUR)).points.map((p) => p.avg)).toEqual([
      3, 8,
    ])
    const m5 = await store.read(cpu(T0, T0 + 7 * 86_400_000), T0 + HOUR)
    expect(m5.points).toEqual([{ t: T0, avg: 4, max: 8 }])
  })

  it('reports the bytes it takes', async () => {
    feed(0, 60)
    await store.flush()
    expect(await store.bytes()).toBeGreaterThan(0)
  })
})
