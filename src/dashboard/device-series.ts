import type { MetricName } from '../metrics/index.ts'
import type { ChartPoint, ChartRange, ChartWindow } from './device-detail.types.ts'
import { RANGE_MS } from './device-detail.types.ts'
import type { LiveSources } from './live-sources.ts'

/** Averages per tier; a gap is a missing sample or two (raw) or a missing bucket or two (rollups). */
const ROLLUP_GAP_MS = { m5: 15 * 60_000, h1: 3 * 3_600_000 }

export function chartWindow(range: ChartRange, now: number, pollIntervalS: number): ChartWindow {
  const from = now - RANGE_MS[range]
  const rawGap = Math.max(3 * pollIntervalS * 1000, 3 * 60_000)
  const gapMs =
    range === '1h' || range === '24h'
      ? range === '1h'
        ? rawGap
        : Math.max(rawGap, ROLLUP_GAP_MS.m5)
      : range === '7d'
        ? ROLLUP_GAP_MS.m5 * 2
        : ROLLUP_GAP_MS.h1
  return { range, from, to: now, gapMs }
}

/** One series of one device for a chart window (the reader looks it up by tenant and device). */
export async function readPoints(
  live: LiveSources | undefined,
  ids: { tenantId: string; deviceId: string },
  metric: MetricName,
  w: Pick<ChartWindow, 'from' | 'to'>,
  label?: string,
): Promise<ChartPoint[]> {
  if (live?.metrics === undefined) return []
  const q = {
    ...ids,
    metric,
    fromMs: w.from,
    toMs: w.to,
    ...(label !== undefined ? { label } : {}),
  }
  const { points } = await live.metrics.read(q, w.to)
  return points.map((p) => ({ t: p.t, v: p.avg }))
}

/** Series labels (interfaces, sensors) of a device for a metric. */
export async function readLabels(
  live: LiveSources | undefined,
  tenantId: string,
  deviceId: string,
  metric: MetricName,
): Promise<string[]> {
  return (await live?.metrics?.labels(tenantId, deviceId, metric)) ?? []
}
