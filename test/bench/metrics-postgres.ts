// Metrics on PostgreSQL (issue 20) next to samples.db, the same workload through MetricsBackend:
// D devices × 25 series polled every 60 s, one flush per poll round (the worst case: the runner
// flushes every second, a sixtieth of this each time). Reports the first round (which creates
// every series), steady rounds, chart reads, retention and bytes per device. PostgreSQL is a
// throwaway server (startPostgres(), Debian's postgresql package) with fsync off, as in the tests.
// Usage: node test/bench/metrics-postgres.ts [--devices 3000] [--rounds 10]
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SqliteMetricsBackend, type MetricsBackend } from '../../src/metrics/metrics-backend.ts'
import { openMetricsStore } from '../../src/metrics/metrics-store.ts'
import type { MetricPoint } from '../../src/metrics/metric-names.ts'
import { PgMetricsStore } from '../../src/metrics/pg-metrics-store.ts'
import { startPostgres } from '../support/postgres.ts'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : dflt
}
const DEVICES = arg('--devices', 3000)
const ROUNDS = arg('--rounds', 10)
const T0 = Date.UTC(2026, 0, 1)

function points(d: number, k: number): MetricPoint[] {
  const w = (p: number) => Math.sin((k + d * 7 + p) / 30)
  const out: MetricPoint[] = [
    { metric: 'cpu', value: Math.round(20 + 15 * w(1)) },
    { metric: 'mem_used', value: 40 },
    { metric: 'disk_used', value: 31.4 },
    { metric: 'uptime', value: 86_400 + k * 60 },
    { metric: 'temperature', label: 'cpu-temperature', value: 45 },
    { metric: 'temperature', label: 'board-temperature1', value: 38 },
    { metric: 'voltage', label: 'voltage', value: 24.1 },
    { metric: 'wl_clients', value: 5 },
    { metric: 'wl_signal', value: -60 },
  ]
  for (let p = 1; p <= 8; p++) {
    out.push({ metric: 'if_rx', label: `ether${p}`, value: Math.round(5e6 * (1.2 + w(p))) })
    out.push({ metric: 'if_tx', label: `ether${p}`, value: Math.round(1e6 * (1.2 + w(p + 1))) })
  }
  return out
}

async function run(name: string, store: MetricsBackend): Promise<string[]> {
  const flushMs: number[] = []
  let recordMs = 0
  for (let k = 0; k < ROUNDS; k++) {
    const at = T0 + k * 60_000
    const r0 = performance.now()
    for (let d = 0; d < DEVICES; d++) store.record('t1', `dev-${d}`, at, points(d, k))
    recordMs += performance.now() - r0
    const f0 = performance.now()
    await store.flush(at)
    flushMs.push(performance.now() - f0)
  }
  const steady = flushMs.slice(1)
  const avg = steady.reduce((s, v) => s + v, 0) / Math.max(1, steady.length)
  const samples = DEVICES * 25
  const now = T0 + ROUNDS * 60_000
  const read = async (span: number) => {
    const n = 200
    const t = performance.now()
    for (let i = 0; i < n; i++) {
      const q = {
        tenantId: 't1',
        deviceId: `dev-${(i * 13) % DEVICES}`,
        metric: 'if_rx' as const,
        label: 'ether1',
        fromMs: now - span,
        toMs: now,
      }
      await store.read(q, now)
    }
    return (performance.now() - t) / n
  }
  const r1h = await read(3_600_000)
  const r24h = await read(86_400_000)
  const t = performance.now()
  const dropped = await store.retain(T0 + 60 * 3_600_000)
  const retainMs = performance.now() - t
  const bytes = await store.bytes()
  await store.close()
  return [
    `${name}: ${DEVICES} devices × 25 series, ${ROUNDS} rounds`,
    `  record ${(recordMs / ROUNDS).toFixed(1)} ms per round (${samples.toLocaleString()} samples, synchronous, in memory)`,
    `  flush first round ${flushMs[0]!.toFixed(0)} ms (creates ${samples.toLocaleString()} series); steady ${avg.toFixed(0)} ms per round = ${Math.round((samples / avg) * 1000).toLocaleString()} samples/s`,
    `  read one series 1 h (raw) ${r1h.toFixed(2)} ms, 24 h (5-minute) ${r24h.toFixed(2)} ms`,
    `  retention ${retainMs.toFixed(0)} ms (${dropped.length} partitions dropped); ${(bytes / DEVICES / 1e3).toFixed(1)} kB per device after the rounds`,
  ]
}

const server = await startPostgres()
const pool = new pg.Pool({ connectionString: server.url, max: 4 })
const dir = mkdtempSync(join(tmpdir(), 'outpost-mpg-'))
try {
  const lines = [
    ...(await run('PostgreSQL (partitioned tables)', await PgMetricsStore.open(pool))),
    ...(await run(
      'SQLite (samples.db)',
      new SqliteMetricsBackend(openMetricsStore(join(dir, 'samples.db'))),
    )),
  ]
  lines.push(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  await pool.end()
  server.stop()
  rmSync(dir, { recursive: true, force: true })
}
