// Device health: CPU, memory, temperature and traffic over the period from the metrics store's
// rollups (the hourly tier for a month), the same series the device page charts.
import type { MetricName, MetricsBackend } from '../metrics/index.ts'
import { siteOf, type CollectCtx, type Collected } from './report-context.ts'
import { bitRate, pct, type Cell } from './report-doc.ts'

interface Stat {
  avg: number
  max: number
}

async function stat(
  store: MetricsBackend,
  ctx: CollectCtx,
  id: string,
  metric: MetricName,
  label?: string,
): Promise<Stat | null> {
  const q = {
    tenantId: ctx.scope.tenantId,
    deviceId: id,
    metric,
    label,
    fromMs: ctx.period.from,
    toMs: ctx.period.to,
  }
  const { points } = await store.read(q, ctx.now)
  if (points.length === 0) return null
  let sum = 0
  let max = -Infinity
  for (const p of points) {
    sum += p.avg
    max = Math.max(max, p.max)
  }
  return { avg: sum / points.length, max }
}

/** Over all labels of a metric (interfaces, sensors): summed averages and the highest peak. */
async function labelled(
  store: MetricsBackend,
  ctx: CollectCtx,
  id: string,
  metric: MetricName,
): Promise<Stat | null> {
  let out: Stat | null = null
  for (const label of await store.labels(ctx.scope.tenantId, id, metric)) {
    const s = await stat(store, ctx, id, metric, label)
    if (s === null) continue
    out = out === null ? { ...s } : { avg: out.avg + s.avg, max: Math.max(out.max, s.max) }
  }
  return out
}

function load(s: Stat | null, key: 'avg' | 'max'): Cell {
  if (s === null) return { text: '–', tone: 'muted' }
  const v = s[key]
  return { text: pct(v, 0), tone: v >= 90 ? 'bad' : v >= 75 ? 'warn' : undefined }
}

export async function collectHealth(ctx: CollectCtx): Promise<Collected> {
  const store = ctx.metrics
  const noData = {
    ok: false as const,
    reason: 'No device reported CPU, memory or traffic in this period.',
  }
  if (store === undefined || ctx.devices.length === 0) return noData
  // one device after another: a month's report of a large fleet must not queue thousands of
  // reads at once on a network database's pool
  const rows = []
  for (const d of ctx.devices) {
    rows.push({
      d,
      cpu: await stat(store, ctx, d.id, 'cpu'),
      mem: await stat(store, ctx, d.id, 'mem_used'),
      temp: await labelled(store, ctx, d.id, 'temperature'),
      rx: await labelled(store, ctx, d.id, 'if_rx'),
      tx: await labelled(store, ctx, d.id, 'if_tx'),
    })
  }
  const withData = rows.filter((r) => r.cpu !== null || r.mem !== null || r.rx !== null)
  if (withData.length === 0) return noData
  const cpus = withData.flatMap((r) => (r.cpu === null ? [] : [r.cpu.avg]))
  const fleetCpu = cpus.length === 0 ? null : cpus.reduce((s, v) => s + v, 0) / cpus.length
  const hot = withData.filter((r) => (r.cpu?.max ?? 0) >= 90 || (r.mem?.max ?? 0) >= 90).length
  const temps = withData.flatMap((r) => (r.temp === null ? [] : [r.temp.max]))
  withData.sort(
    (x, y) => (y.cpu?.avg ?? -1) - (x.cpu?.avg ?? -1) || x.d.name.localeCompare(y.d.name),
  )
  return {
    ok: true,
    kpis: [
      { label: 'Devices with data', value: `${withData.length} of ${ctx.devices.length}` },
      { label: 'Average CPU load', value: pct(fleetCpu, 1) },
      {
        label: 'Peaked at 90 % CPU or memory',
        value: String(hot),
        tone: hot > 0 ? 'warn' : 'good',
      },
      {
        label: 'Highest temperature',
        value: temps.length === 0 ? '–' : `${Math.max(...temps).toFixed(0)} °C`,
      },
    ],
    sections: [
      {
        heading: 'Health by device',
        note: 'Averages and peaks over the period (hourly rollups). Traffic is the sum of all interfaces; the peak is the busiest interface. Busiest CPU first.',
        columns: [
          { title: 'Device', width: 3 },
          { title: 'Site', width: 2 },
          { title: 'CPU avg', width: 1.2, align: 'right' },
          { title: 'CPU peak', width: 1.2, align: 'right' },
          { title: 'Mem avg', width: 1.2, align: 'right' },
          { title: 'Mem peak', width: 1.2, align: 'right' },
          { title: 'Temp max', width: 1.2, align: 'right' },
          { title: 'Avg in', width: 1.6, align: 'right' },
          { title: 'Avg out', width: 1.6, align: 'right' },
          { title: 'Peak', width: 1.6, align: 'right' },
        ],
        rows: withData.map((r) => [
          r.d.name,
          siteOf(r.d),
          load(r.cpu, 'avg'),
          load(r.cpu, 'max'),
          load(r.mem, 'avg'),
          load(r.mem, 'max'),
          r.temp === null ? '–' : `${r.temp.max.toFixed(0)} °C`,
          bitRate(r.rx?.avg ?? null),
          bitRate(r.tx?.avg ?? null),
          bitRate(r.rx === null && r.tx === null ? null : Math.max(r.rx?.max ?? 0, r.tx?.max ?? 0)),
        ]),
      },
    ],
  }
}
