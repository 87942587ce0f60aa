// Disk footprint of the metrics store at steady state: feeds D devices × 25 series (CPU, memory,
// disk, uptime, 2 temperatures, voltage, 8 interfaces × rx/tx, wireless clients and signal) at a
// 60 s interval for two simulated days, measures bytes per row of each tier with dbstat, and
// extrapolates to the default retention (raw 48 h, 5-minute 30 days, hourly 400 days).
// Usage: node test/bench/metrics-footprint.ts [--devices 100]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openMetricsStore } from '../../src/metrics/metrics-store.ts'
import type { MetricPoint } from '../../src/metrics/metric-names.ts'

const i = process.argv.indexOf('--devices')
const DEVICES = i >= 0 ? Number(process.argv[i + 1]) : 100
const DAYS = 2
const dir = mkdtempSync(join(tmpdir(), 'outpost-footprint-'))
const store = openMetricsStore(join(dir, 'samples.db'))
const t0 = Date.UTC(2026, 0, 1)

function points(d: number, k: number): MetricPoint[] {
  const wave = (p: number) => Math.sin((k + d * 7 + p) / 30)
  const out: MetricPoint[] = [
    { metric: 'cpu', value: Math.round(20 + 15 * wave(1)) },
    { metric: 'mem_used', value: Math.round((40 + 5 * wave(2)) * 10) / 10 },
    { metric: 'disk_used', value: 31.4 },
    { metric: 'uptime', value: 86_400 + k * 60 },
    { metric: 'temperature', label: 'cpu-temperature', value: 45 + Math.round(wave(3) * 3) },
    { metric: 'temperature', label: 'board-temperature1', value: 38 + Math.round(wave(4) * 2) },
    { metric: 'voltage', label: 'voltage', value: 24.1 },
    { metric: 'wl_clients', value: 5 + Math.round(wave(5) * 3) },
    { metric: 'wl_signal', value: -60 + Math.round(wave(6) * 5) },
  ]
  for (let p = 1; p <= 8; p++) {
    out.push({ metric: 'if_rx', label: `ether${p}`, value: Math.round(5e6 * (1.2 + wave(p))) })
    out.push({ metric: 'if_tx', label: `ether${p}`, value: Math.round(1e6 * (1.2 + wave(p + 1))) })
  }
  return out
}

const start = performance.now()
const steps = (DAYS * 86_400) / 60
for (let k = 0; k < steps; k++) {
  const at = t0 + k * 60_000
  for (let d = 0; d < DEVICES; d++) store.record('t1', `dev-${d}`, at, points(d, k))
  if (k % 10 === 0) store.flush(at)
}
store.flush(t0 + steps * 60_000 + 86_400_000)
const feedS = (performance.now() - start) / 1000
const samples = steps * DEVICES * 25

const rows = store.db
  .prepare(`SELECT substr(name, 1, instr(name, '_') - 1) AS tier, SUM(pgsize) AS bytes FROM dbstat
            WHERE name GLOB 'raw_*' OR name GLOB 'm5_*' OR name GLOB 'h1_*' GROUP BY tier`)
  .all() as { tier: string; bytes: number }[]
const count = (tier: string) =>
  store.writer.tables
    .list(store.writer.tiers[tier as 'raw' | 'm5' | 'h1'])
    .reduce((n, t) => n + (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t.table}`).get() as { n: number }).n, 0)
const retentionRows: Record<string, number> = { raw: 48 * 60, m5: 30 * 288, h1: 400 * 24 }
let total = 0
const lines = ['tier  rows now  bytes/row  rows/series at retention  MB/device at retention']
for (const r of rows) {
  const n = count(r.tier)
  const perRow = r.bytes / n
  const mb = (perRow * (retentionRows[r.tier] as number) * 25) / 1e6
  total += mb
  lines.push(`${r.tier.padEnd(4)}  ${String(n).padStart(8)}  ${perRow.toFixed(1).padStart(9)}  ${String(retentionRows[r.tier]).padStart(24)}  ${mb.toFixed(2).padStart(22)}`)
}
lines.push(`steady state: ${total.toFixed(1)} MB per device (25 series); 1,000 devices ≈ ${(total).toFixed(1)} GB; 10,000 ≈ ${(total * 10).toFixed(0)} GB`)
lines.push(`raw growth: ${((rows.find((r) => r.tier === 'raw')?.bytes ?? 0) / DEVICES / DAYS / 1e3).toFixed(0)} kB per device per day; fed ${samples.toLocaleString()} samples in ${feedS.toFixed(1)} s (${Math.round(samples / feedS).toLocaleString()}/s)`)
process.stdout.write(`${lines.join('\n')}\n`)
store.close()
rmSync(dir, { recursive: true, force: true })
