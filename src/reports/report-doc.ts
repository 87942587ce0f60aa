// What a report says, independent of how it is drawn: key figures and tables. The collectors
// (report-data.ts) build it from the same services the pages use; report-pdf.ts draws it.
export type Tone = 'good' | 'warn' | 'bad' | 'muted'

export interface Cell {
  text: string
  tone?: Tone
}

export interface Column {
  title: string
  /** relative width */
  width: number
  align?: 'left' | 'right'
  /** long text wraps onto more lines instead of being cut */
  wrap?: boolean
}

export interface Section {
  heading: string
  /** one or two sentences above the table */
  note?: string
  columns: Column[]
  rows: (string | Cell)[][]
  /** shown instead of an empty table */
  empty?: string
}

export interface ReportDoc {
  title: string
  tenantName: string
  /** `1 Nov 2026 – 30 Nov 2026 (Europe/Vienna)` */
  periodLabel: string
  generatedLabel: string
  kpis: { label: string; value: string; tone?: Tone }[]
  sections: Section[]
  deviceCount: number
}

export function pct(v: number | null, digits = 2): string {
  return v === null ? '–' : `${v.toFixed(digits)} %`
}

export function duration(ms: number): string {
  const min = Math.round(ms / 60_000)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 48) return `${h} h ${min % 60} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

export function bitRate(bps: number | null): string {
  if (bps === null) return '–'
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s']
  let v = bps
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`
}

/** A date (and time) in the tenant's zone, for the document. */
export function localDate(at: number, tz: string, withTime = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
  }).format(new Date(at))
}
