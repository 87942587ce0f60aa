// samples.db deleted while the server runs (issue 8): SQLite would keep writing into the unlinked
// file and every metric would vanish at the next restart. The store notices at its next flush,
// says so in the log, and writes into a new samples.db from then on.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMetricsStore } from '../../../src/metrics/metrics-store.ts'

const T0 = Date.UTC(2026, 10, 1)
let dir: string

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('samples.db deleted while running', () => {
  it('reopens a new file, logs an error, and keeps the samples recorded after the deletion', () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-deleted-'))
    const file = join(dir, 'samples.db')
    const errors: { obj: object; msg: string }[] = []
    const store = openMetricsStore(file, undefined, {
      error: (obj, msg) => errors.push({ obj, msg }),
    })
    store.record('t1', 'dev1', T0, [{ metric: 'cpu', value: 5 }])
    store.flush(T0)
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })

    store.record('t1', 'dev1', T0 + 60_000, [{ metric: 'cpu', value: 6 }])
    store.flush(T0 + 60_000) // notices, reopens; this batch belonged to the old file
    store.record('t1', 'dev1', T0 + 120_000, [{ metric: 'cpu', value: 7 }])
    store.flush(T0 + 120_000)
    expect(existsSync(file)).toBe(true)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.msg).toContain('samples.db was deleted or replaced while running')
    store.close()

    const again = openMetricsStore(file)
    const q = {
      tenantId: 't1',
      deviceId: 'dev1',
      metric: 'cpu' as const,
      fromMs: T0,
      toMs: T0 + 3_600_000,
    }
    expect(again.read(q, T0 + 180_000).points.map((p) => p.avg)).toEqual([7])
    again.close()
  })

  it('also notices a samples.db replaced by another file', () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-deleted-'))
    const file = join(dir, 'samples.db')
    const errors: string[] = []
    const store = openMetricsStore(file, undefined, { error: (_o, msg) => errors.push(msg) })
    store.flush(T0)
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
    openMetricsStore(file).close() // someone puts a fresh database in its place
    store.record('t1', 'dev1', T0, [{ metric: 'cpu', value: 1 }])
    store.flush(T0)
    store.record('t1', 'dev1', T0 + 1000, [{ metric: 'cpu', value: 2 }])
    store.flush(T0 + 1000)
    expect(errors).toHaveLength(1)
    store.close()
  })
})
