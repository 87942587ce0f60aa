// The device's own clock, for scheduler start times: the revert job must fire N seconds after
// the device's "now", whatever time zone or drift it has, so we read its clock and answer in the
// date format it printed (`dec/06/2026` before 7.10, `2026-12-06` from 7.10).
import type { RouterOsSession } from '../routeros/index.ts'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const pad = (n: number) => String(n).padStart(2, '0')

export interface DeviceTime {
  /** the device's wall clock read as if it were UTC */
  ms: number
  iso: boolean
}

export function parseDeviceTime(date: string, time: string): DeviceTime | undefined {
  const t = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time)
  if (!t) return undefined
  const tod = ((Number(t[1]) * 60 + Number(t[2])) * 60 + Number(t[3])) * 1000
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (iso)
    return { ms: Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])) + tod, iso: true }
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})$/i.exec(date)
  const m = MONTHS.indexOf((old?.[1] ?? '').toLowerCase())
  if (!old || m < 0) return undefined
  return { ms: Date.UTC(Number(old[3]), m, Number(old[2])) + tod, iso: false }
}

export function formatDeviceTime(t: DeviceTime): { date: string; time: string } {
  const d = new Date(t.ms)
  const date = t.iso
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
    : `${MONTHS[d.getUTCMonth()]}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`
  return {
    date,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  }
}

/** The device's date and time `seconds` from its now. */
export async function deviceTimeIn(
  s: RouterOsSession,
  seconds: number,
): Promise<{ date: string; time: string }> {
  const row = (await s.print('/system/clock'))[0] ?? {}
  const now = parseDeviceTime(row.date ?? '', row.time ?? '')
  if (!now)
    throw new Error(
      `the device clock reads "${row.date ?? ''} ${row.time ?? ''}", which is not a date`,
    )
  return formatDeviceTime({ ms: now.ms + seconds * 1000, iso: now.iso })
}
