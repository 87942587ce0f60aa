// Disk footprint and chart reads of the metrics store: feeds D devices × 25 series (CPU, memory,
// disk, uptime, 2 temperatures, voltage, 8 interfaces × rx/tx, wireless clients and signal) at a
// 60 s interval for two simulated days through the real store (flush every 10 minutes, packing
// of finished blocks as the runner does it), then measures the bytes each tier takes per device
// and day with dbstat and extrapolates to the default retention (raw 48 h, 5-minute 30 days,
// hourly 400 days) plus the rows not packed yet. Then times chart reads of each tier.
// `--noisy` adds ±25 % random noise to the interface rates (real traffic is not a sine wave).
// Usage: node test/bench/metrics-footprint.ts [--devices 20] [--noisy]
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openMetricsStore } from '../../src/metrics/metrics-store.ts'
import type { MetricPoint } from '../../src/metrics/metric-names.ts'

const i = process.argv.indexOf('--devices')
const DEVICES = i >= 0 ? Number(process.argv[i + 1]) : 20
const NOISY = process.argv.includes('--noisy')
const DAYS = 2
const dir = mkdtempSync(join(tmpdir(), 'outpost-footprint-'))
const store = openMetricsStore(join(dir, 'samples.db'))
// packing exists since the packed format; the same script measures the row format before it
let packMs = 0
const pack = (now: number) => {
  const p0 = performance.now()
  ;(store as { compactAll?: (n: number) => void }).compactAll?.(now)
  packMs += performance.now() - p0
}
const t0 = Date.UTC(2026, 0, 1)
let seed = 42
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
const noise = () => (NOISY ? 0.75 + random() / 2 : 1)

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
    out.push({
      metric: 'if_rx',
      label: `ether${p}`,
      value: Math.round(5e6 * (1.2 + wave(p)) * noise()),
    })
    out.push({
      metric: 'if_tx',
      label: `ether${p}`,
      value: Math.round(1e6 * (1.2 + wave(p + 1)) * noise()),
    })
  }
  return out
}

const start = performance.now()
const steps = (DAYS * 86_400) / 60
for (let k = 0; k < steps; k++) {
  const at = t0 + k * 60_000
  for (let d = 0; d < DEVICES; d++) store.record('t1', `dev-${d}`, at, points(d, k))
  if (k % 10 === 0) store.flush(at)
  if (k % 60 === 0) pack(at)
}
const end = t0 + steps * 60_000
store.flush(end)
pack(end)
const feedS = (performance.now() - start) / 1000
const samples = steps * DEVICES * 25

const tierBytes = (glob: string) =>
  (
    store.db
      .prepare(`SELECT COALESCE(SUM(pgsize), 0) AS b FROM dbstat WHERE name GLOB ?`)
      .get(glob) as { b: number }
  ).b
// Per tier: bytes per device per day of data (packed + rows), and the rows of the newest,
// not yet packed block (which stays about that size at steady state).
const retentionDays: Record<string, number> = { raw: 2, m5: 30, h1: 400 }
let steady = 0
let perDay = 0
const lines = ['tier  kB/device/day  unpacked kB/device  MB/device at retention']
for (const tier of ['raw', 'm5', 'h1']) {
  const packed = tierBytes(`pk_${tier}_*`)
  const rows = tierBytes(`${tier}_*`)
  const packedUnit = packed > 0
  // with packing, the days are packed and the rows are only the newest block; without it all is rows
  const day = (packedUnit ? packed : rows) / DEVICES / DAYS
  const hot = packedUnit ? rows / DEVICES : 0
  const mb = (day * (retentionDays[tier] as number) + hot) / 1e6
  steady += mb
  perDay += day
  lines.push(
    `${tier.padEnd(4)}  ${(day / 1e3).toFixed(1).padStart(13)}  ${(hot / 1e3).toFixed(1).padStart(18)}  ${mb.toFixed(3).padStart(22)}`,
  )
}
lines.push(
  `steady state: ${steady.toFixed(2)} MB per device (25 series); 10,000 devices ≈ ${(steady * 10).toFixed(1)} GB; growth ${(perDay / 1e3).toFixed(0)} kB per device per day${NOISY ? ' (noisy interface rates)' : ''}`,
)
lines.push(
  `fed ${samples.toLocaleString()} samples in ${feedS.toFixed(1)} s (${Math.round(samples / feedS).toLocaleString()}/s), of which packing ${(packMs / 1000).toFixed(1)} s = ${(packMs / DEVICES / DAYS / 24).toFixed(2)} ms per device and hour of samples`,
)

// chart reads, the dashboard's ranges: 1 h (raw), 24 h and 7 d (5-minute; 7 d holds the 2 days
// fed), 30 d (hourly). "one series": one chart of a device not read just before (a cold read);
// "page": every series of one device for the range, as a device page draws them.
const reads: [string, number][] = [
  ['1 h', 3_600_000],
  ['24 h', 86_400_000],
  ['7 d', 7 * 86_400_000],
  ['30 d', 30 * 86_400_000],
]
const series = points(0, 0).map((p) => ({ metric: p.metric, label: p.label ?? '' }))
for (const [name, span] of reads) {
  const n = 200
  let pts = 0
  const r0 = performance.now()
  for (let k = 0; k < n; k++) {
    const q = {
      tenantId: 't1',
      deviceId: `dev-${(k * 7) % DEVICES}`,
      metric: 'if_rx' as const,
      label: 'ether1',
      fromMs: end - span,
      toMs: end,
    }
    pts += store.read(q, end).points.length
  }
  const one = (performance.now() - r0) / n
  const p0 = performance.now()
  const pages = Math.min(DEVICES, 20)
  for (let d = 0; d < pages; d++) {
    for (const s of series)
      store.read({ tenantId: 't1', deviceId: `dev-${d}`, ...s, fromMs: end - span, toMs: end }, end)
  }
  const page = (performance.now() - p0) / pages / series.length
  lines.push(
    `read ${name.padEnd(5)} one series ${one.toFixed(3)} ms (${(pts / n).toFixed(0)} points); page ${page.toFixed(3)} ms per series`,
  )
}
lines.push(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
process.stdout.write(`${lines.join('\n')}\n`)
store.close()
rmSync(dir, { recursive: true, force: true })
