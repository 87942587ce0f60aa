// A report's period: calendar days typed by a person (`2026-11-01` … `2026-11-30`, both
// inclusive) read in the tenant's time zone, so "November" means the tenant's November. Bad
// periods are refused here with field messages, before anything is read or stored.
import { ValidationError } from '../lib/errors.ts'
import { localToInstant } from '../maintenance/index.ts'

export interface Period {
  from: number
  /** exclusive: the start of the day after the last one */
  to: number
  fromDay: string
  toDay: string
}

const DAY = /^(\d{4})-(\d\d)-(\d\d)$/
/** a year and a day: the longest period one report covers */
export const MAX_DAYS = 366

function validDay(s: string): boolean {
  const m = DAY.exec(s)
  if (m === null) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === s
}

function nextDay(s: string): string {
  return new Date(Date.parse(`${s}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

export function parsePeriod(fromDay: string, toDay: string, tz: string, now: number): Period {
  const fields: Record<string, string> = {}
  if (!validDay(fromDay)) fields.from = 'Enter the first day as YYYY-MM-DD.'
  if (!validDay(toDay)) fields.to = 'Enter the last day as YYYY-MM-DD.'
  if (Object.keys(fields).length > 0) throw new ValidationError(fields)
  const from = localToInstant(`${fromDay}T00:00`, tz)!
  const to = localToInstant(`${nextDay(toDay)}T00:00`, tz)!
  if (toDay < fromDay) throw new ValidationError({ to: 'The last day is before the first day.' })
  const days = Math.round((Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000) + 1
  if (days > MAX_DAYS)
    throw new ValidationError({ to: `A report covers at most ${MAX_DAYS} days (this is ${days}).` })
  if (from > now) throw new ValidationError({ from: 'The period has not started yet.' })
  return { from, to, fromDay, toDay }
}

/** The calendar month before the one `now` falls in, in the tenant's zone (monthly schedules). */
export function previousMonth(now: number, tz: string): Period {
  const local = new Date(now + (now - (localToInstant(isoLocal(now), tz) ?? now)))
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth() // this month, 0-based
  const first = new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10)
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
  return parsePeriod(first, last, tz, now)
}

function isoLocal(at: number): string {
  return new Date(at).toISOString().slice(0, 16)
}
