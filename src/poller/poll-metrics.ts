import type { MetricPoint } from '../metrics/index.ts'
import type { InterfaceRate } from './rates.ts'
import type { PollData } from './run-poll.ts'

function pct(used: number | undefined, total: number | undefined): number | undefined {
  if (used === undefined || total === undefined || total <= 0) return undefined
  return Math.round((used / total) * 1000) / 10
}

function push(out: MetricPoint[], p: Omit<MetricPoint, 'value'>, value: number | undefined): void {
  if (value !== undefined && Number.isFinite(value)) out.push({ ...p, value })
}

/** The metric points of one successful poll (rates computed by the caller from counters). */
export function pollMetrics(data: PollData, rates: readonly InterfaceRate[]): MetricPoint[] {
  const out: MetricPoint[] = []
  const r = data.resource
  push(out, { metric: 'cpu' }, r.cpuLoadPercent)
  const used =
    r.totalMemory !== undefined && r.freeMemory !== undefined
      ? r.totalMemory - r.freeMemory
      : undefined
  push(out, { metric: 'mem_used' }, pct(used, r.totalMemory))
  const disk =
    r.totalHddSpace !== undefined && r.freeHddSpace !== undefined
      ? r.totalHddSpace - r.freeHddSpace
      : undefined
  push(out, { metric: 'disk_used' }, pct(disk, r.totalHddSpace))
  push(out, { metric: 'uptime' }, r.uptimeSeconds)
  for (const s of data.health ?? []) {
    if (typeof s.value !== 'number') continue
    if (s.unit === 'C') push(out, { metric: 'temperature', label: s.name }, s.value)
    if (s.unit === 'V') push(out, { metric: 'voltage', label: s.name }, s.value)
  }
  for (const rate of rates) {
    push(out, { metric: 'if_rx', label: rate.name }, Math.round(rate.rxBps))
    push(out, { metric: 'if_tx', label: rate.name }, Math.round(rate.txBps))
  }
  if (data.wireless !== undefined) {
    push(out, { metric: 'wl_clients' }, data.wireless.length)
    const signals = data.wireless.map((c) => c.signal).filter((s): s is number => s !== undefined)
    if (signals.length > 0) {
      push(
        out,
        { metric: 'wl_signal' },
        Math.round(signals.reduce((a, b) => a + b, 0) / signals.length),
      )
    }
  }
  return out
}
