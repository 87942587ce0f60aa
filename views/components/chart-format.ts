// Number and time formatting for server-drawn charts and the pages around them. Pure functions:
// times are printed in the zone given (the user's, from the account page; UTC by default).

import { zonedParts } from './time-format.ts'

export type ChartUnit = 'percent' | 'bps' | 'celsius' | 'volt' | 'dbm' | 'count' | 'seconds'

const BIT_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s']

function trim(n: number): string {
  const abs = Math.abs(n)
  const digits = abs >= 100 || Number.isInteger(n) ? 0 : abs >= 10 ? 1 : 2
  return n.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1')
}

/** Bits per second in the largest unit that keeps the number >= 1 (1000-based, like RouterOS). */
export function formatBps(bps: number): string {
  let v = bps
  let i = 0
  while (Math.abs(v) >= 1000 && i < BIT_UNITS.length - 1) {
    v /= 1000
    i++
  }
  return `${trim(v)} ${BIT_UNITS[i]}`
}

/** Seconds as the two largest units: "3d 4h", "5h 12m", "42s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const d = Math.floor(s / 86_400)
  const h = Math.floor((s % 86_400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${m}m`
  if (m > 0) return `${m}m ${s % 60}s`
  return `${s}s`
}

/** A value with its unit, as the axis labels and the accessible summary print it. */
export function formatValue(v: number, unit: ChartUnit): string {
  switch (unit) {
    case 'percent':
      return `${trim(v)} %`
    case 'bps':
      return formatBps(v)
    case 'celsius':
      return `${trim(v)} °C`
    case 'volt':
      return `${trim(v)} V`
    case 'dbm':
      return `${trim(v)} dBm`
    case 'seconds':
      return formatDuration(v)
    case 'count':
      return trim(v)
  }
}

const pad = (n: number) => String(n).padStart(2, '0')
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A time label for an axis spanning `spanMs`: "14:05" up to two days, "23 Nov" beyond. */
export function formatTick(t: number, spanMs: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') {
    const d = new Date(t)
    if (spanMs <= 2 * 86_400_000) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`
  }
  const p = zonedParts(t, timeZone)
  if (spanMs <= 2 * 86_400_000) return `${p.hour}:${p.minute}`
  return `${Number(p.day)} ${MONTHS[Number(p.month) - 1]}`
}

/** "2026-11-23 14:05 UTC" (or the zone given) */
export function formatTime(t: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') {
    const d = new Date(t)
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`
  }
  const p = zonedParts(t, timeZone)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${timeZone}`
}
