/** RouterOS version helpers: comparison and the date formats that change with the version. */

/** Parses "7.18.2", "6.49" or "7.15.3 (stable)" into numeric parts. */
export function parseVersion(v: string): number[] {
  const core = v.trim().split(/\s/)[0] ?? ''
  return core.split('.').map((p) => Number.parseInt(p, 10) || 0)
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a)
  const y = parseVersion(b)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

export function atLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

const pad = (n: number): string => String(n).padStart(2, '0')

/** Time of day `hh:mm:ss` (UTC). */
export function formatTime(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** Date as the given version prints it: `jan/02/2024` before 7.10, `2024-01-02` from 7.10. */
export function formatDate(ms: number, version: string): string {
  const d = new Date(ms)
  if (atLeast(version, '7.10')) {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  }
  return `${MONTHS[d.getUTCMonth()]}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`
}

export function formatDateTime(ms: number, version: string): string {
  return `${formatDate(ms, version)} ${formatTime(ms)}`
}

/** Parses a date in either format (`jan/02/2024`, `Jan/02/2024`, `2024-01-02`) to UTC ms. */
export function parseDate(s: string): number | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (iso) return Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]))
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})$/i.exec(s)
  if (!old) return undefined
  const m = MONTHS.indexOf((old[1] ?? '').toLowerCase())
  return m < 0 ? undefined : Date.UTC(Number(old[3]), m, Number(old[2]))
}

/** Parses `hh:mm:ss` to ms after midnight. */
export function parseTimeOfDay(s: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(s)
  if (!m) return undefined
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000
}

/** RouterOS duration `1w2d3h4m5s` (also `500ms`, plain seconds `30`) to ms. */
export function parseDuration(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(s)
  if (hms) return ((Number(hms[1]) * 60 + Number(hms[2])) * 60 + Number(hms[3])) * 1000
  const units: Record<string, number> = {
    w: 604800e3,
    d: 86400e3,
    h: 3600e3,
    m: 60e3,
    s: 1e3,
    ms: 1,
  }
  let total = 0
  let rest = s
  if (rest === '') return undefined
  while (rest.length > 0) {
    const m = /^(\d+)(ms|w|d|h|m|s)/.exec(rest)
    if (!m) return undefined
    total += Number(m[1]) * (units[m[2] as string] as number)
    rest = rest.slice(m[0].length)
  }
  return total
}

/** ms to RouterOS duration, e.g. `1w4d23h26m9s`; 0 → `0s`. */
export function formatDuration(ms: number): string {
  let s = Math.floor(ms / 1000)
  const parts: string[] = []
  for (const [u, n] of [
    ['w', 604800],
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= n) {
      parts.push(`${Math.floor(s / n)}${u}`)
      s %= n
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`)
  return parts.join('')
}
