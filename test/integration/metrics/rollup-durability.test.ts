// Open 5-minute and hourly rollup buckets survive a crash (issue 8): a real process streams
// samples into the real store and is killed with SIGKILL; after a restart the closed buckets hold
// every sample that reached disk, not only those recorded after the restart.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openMetricsStore } from '../../../src/metrics/metrics-store.ts'

const T0 = Date.UTC(2026, 10, 1) // a 5-minute and hour boundary
const writer = fileURLToPath(new URL('./fixtures/sample-writer.ts', import.meta.url))
let dir: string

afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function runAndKill(file: string, flushes: number): Promise<void> {
  const child = spawn(process.execPath, [writer, file, String(T0)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, sig) => r(sig)))
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === `flushed ${flushes}`) break
  }
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
}

describe('rollups across kill -9', () => {
  it('closes the buckets that were open at the crash with every sample on disk', async () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-durable-'))
    const file = join(dir, 'samples.db')
    await runAndKill(file, 40)

    const store = openMetricsStore(file)
    const now = T0 + 3_600_000 + 1000
    const day = { tenantId: 't1', deviceId: 'dev1', metric: 'cpu' as const }
    // what reached disk before the kill: the raw samples of the first 5 minutes
    const raw = store
      .read({ ...day, fromMs: T0, toMs: T0 + 299_000 }, T0 + 300_000)
      .points.map((p) => p.avg)
    expect(raw.length).toBeGreaterThanOrEqual(40)
    expect(raw.length).toBeLessThan(300)
    // a sample in the next hour closes both buckets
    store.record('t1', 'dev1', now, [{ metric: 'cpu', value: 1 }])
    store.flush(now)
    const avg = Math.round((raw.reduce((a, b) => a + b, 0) / raw.length) * 100) / 100
    const m5 = store.read({ ...day, fromMs: T0, toMs: T0 + 86_400_000 }, now)
    expect(m5.tier).toBe('m5')
    expect(m5.points[0]).toEqual({ t: T0, avg, max: Math.max(...raw) })
    const h1 = store.read({ ...day, fromMs: T0 - 20 * 86_400_000, toMs: now }, now)
    expect(h1.tier).toBe('h1')
    expect(h1.points[0]).toEqual({ t: T0, avg, max: Math.max(...raw) })
    store.close()
  })
})
