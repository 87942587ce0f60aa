// When a maintenance window is open. One-off windows are instants. Weekly windows are wall-clock
// times in the tenant's time zone (days, start, duration): "Tuesdays 02:00 for 3 h" stays 02:00
// local across daylight-saving changes. The duration is counted in wall-clock minutes too, so a
// window spanning a DST change is an hour longer or shorter in real time, as people expect.
// Pure; uses only Intl for the zone rules.

export interface WindowTimes {
  kind: 'once' | 'weekly'
  starts_at: number | null
  ends_at: number | null
  /** bit 0 = Monday … bit 6 = Sunday */
  week_days: number
  start_minute: number
  duration_min: number
}

const MINUTE = 60_000
const DAY_MIN = 1440
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

/** True for a zone name this runtime knows (`Europe/Vienna`, `UTC`). */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz)
    return true
  } catch {
    return false
  }
}

/** Local wall-clock time of `at` in `tz`, as minutes since 1970-01-01 00:00 local. */
export function wallMinutes(at: number, tz: string): number {
  const parts: Record<string, string> = {}
  for (const p of formatter(tz).formatToParts(new Date(at))) parts[p.type] = p.value
  return (
    Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
    ) / MINUTE
  )
}

/** The instant of a local wall-clock time (`2026-12-06T02:00`) in `tz`; undefined when unreadable. */
export function localToInstant(local: string, tz: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(local)
  if (m === null) return undefined
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
  // first guess: the wall time as UTC, corrected by the zone's offset there (twice, for DST edges)
  let t = wall
  for (let i = 0; i < 2; i++) t = wall - (wallMinutes(t, tz) * MINUTE - t)
  return t
}

/** The local wall-clock form of an instant (for form fields). */
export function instantToLocal(at: number, tz: string): string {
  return new Date(wallMinutes(at, tz) * MINUTE).toISOString().slice(0, 16)
}

/** If the window is open at `at`: when it closes (epoch ms, approximate across DST); else undefined. */
export function openUntil(w: WindowTimes, at: number, tz: string): number | undefined {
  if (w.kind === 'once') {
    return w.starts_at !== null && w.ends_at !== null && at >= w.starts_at && at < w.ends_at
      ? w.ends_at
      : undefined
  }
  if (w.duration_min <= 0 || w.week_days === 0) return undefined
  const now = wallMinutes(at, tz)
  const today = Math.floor(now / DAY_MIN)
  // an occurrence that started on an earlier day may still be running
  for (let back = 0; back <= Math.ceil(w.duration_min / DAY_MIN); back++) {
    const day = today - back
    // 1970-01-01 was a Thursday: Monday-based index 3
    const weekday = (day + 3) % 7
    if ((w.week_days & (1 << weekday)) === 0) continue
    const start = day * DAY_MIN + w.start_minute
    if (now >= start && now < start + w.duration_min)
      return at + (start + w.duration_min - now) * MINUTE
  }
  return undefined
}
