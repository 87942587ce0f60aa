// Availability of one device over a period from its status history. Pure. Online and degraded
// count as up, offline as down; unknown and auth_failed (the device answered but we could not log
// in, so we cannot tell) count as not monitored and stay out of the percentage, as does time inside
// a maintenance window.
import type { DeviceStatus } from '../db/schema-devices.ts'

export interface StatusChange {
  at: number
  status: DeviceStatus
}

export interface Availability {
  upMs: number
  downMs: number
  /** up or down time inside maintenance windows, excluded from the percentage */
  maintenanceMs: number
  /** periods that went down outside maintenance */
  outages: number
  /** up / (up + down) × 100; null when the device was never monitored in the period */
  percent: number | null
}

type Interval = readonly [number, number]

/** Sorted, merged copy of some intervals. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  const out: [number, number][] = []
  for (const [a, b] of sorted) {
    const last = out.at(-1)
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

/** How much of [a, b) merged `windows` cover. */
function covered(windows: readonly Interval[], a: number, b: number): number {
  let sum = 0
  for (const [s, e] of windows) {
    if (e <= a) continue
    if (s >= b) break
    sum += Math.min(e, b) - Math.max(s, a)
  }
  return sum
}

/**
 * @param changes the device's status changes sorted by time, starting with the last one before `from`
 * @param maintenance merged maintenance intervals covering the device
 */
export function availability(
  changes: readonly StatusChange[],
  from: number,
  to: number,
  maintenance: readonly Interval[],
): Availability {
  const out: Availability = { upMs: 0, downMs: 0, maintenanceMs: 0, outages: 0, percent: null }
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!
    const start = Math.max(c.at, from)
    const end = Math.min(changes[i + 1]?.at ?? to, to)
    if (end <= start) continue
    const up = c.status === 'online' || c.status === 'degraded'
    if (!up && c.status !== 'offline') continue
    const inMaintenance = covered(maintenance, start, end)
    out.maintenanceMs += inMaintenance
    if (up) out.upMs += end - start - inMaintenance
    else {
      out.downMs += end - start - inMaintenance
      if (inMaintenance < end - start) out.outages++
    }
  }
  const monitored = out.upMs + out.downMs
  out.percent = monitored > 0 ? (out.upMs / monitored) * 100 : null
  return out
}

/** Time-weighted availability of several devices (a site, the fleet). */
export function combined(list: readonly Availability[]): Availability {
  const out: Availability = { upMs: 0, downMs: 0, maintenanceMs: 0, outages: 0, percent: null }
  for (const a of list) {
    out.upMs += a.upMs
    out.downMs += a.downMs
    out.maintenanceMs += a.maintenanceMs
    out.outages += a.outages
  }
  const monitored = out.upMs + out.downMs
  out.percent = monitored > 0 ? (out.upMs / monitored) * 100 : null
  return out
}
