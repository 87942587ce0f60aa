// SLA / availability: uptime per device and site from the status history, with maintenance
// windows left out. Time-weighted: a site's figure is its devices' up time over their monitored
// time, so a device monitored for a day does not weigh as much as one monitored all month.
import type { DeviceStatus } from '../db/schema-devices.ts'
import { maintenanceIntervals } from '../maintenance/index.ts'
import { availability, combined, mergeIntervals, type Availability } from './availability.ts'
import { SLA_TARGET, siteOf, type CollectCtx, type Collected } from './report-context.ts'
import { duration, pct, type Cell } from './report-doc.ts'
import { statusChanges } from './reports.repo.ts'

function tone(p: number | null): Cell['tone'] {
  if (p === null) return 'muted'
  return p >= SLA_TARGET ? 'good' : p >= 99 ? 'warn' : 'bad'
}

export async function collectSla(ctx: CollectCtx): Promise<Collected> {
  const from = ctx.period.from
  // the part of the period still to come is not counted as anything
  const to = Math.min(ctx.period.to, ctx.now)
  const ids = ctx.devices.map((d) => d.id)
  const [changes, maintenance] = await Promise.all([
    statusChanges(ctx.scope, from, to),
    maintenanceIntervals(ctx.deps, ctx.scope, ids, from, to),
  ])
  const byDevice = new Map<string, { at: number; status: DeviceStatus }[]>()
  for (const c of changes) {
    let list = byDevice.get(c.device_id)
    if (list === undefined) byDevice.set(c.device_id, (list = []))
    list.push({ at: c.at, status: c.status })
  }
  const rows = ctx.devices.map((d) => {
    const list = (byDevice.get(d.id) ?? []).sort((a, b) => a.at - b.at)
    const windows = mergeIntervals(maintenance.get(d.id) ?? [])
    return { d, a: availability(list, from, to, windows) }
  })
  const fleet = combined(rows.map((r) => r.a))
  if (fleet.upMs + fleet.downMs === 0)
    return {
      ok: false,
      reason: 'No device was monitored in this period, so there is no availability to report.',
    }
  const sites = new Map<string, Availability[]>()
  for (const r of rows) {
    const list = sites.get(siteOf(r.d)) ?? []
    list.push(r.a)
    sites.set(siteOf(r.d), list)
  }
  const below = rows.filter((r) => r.a.percent !== null && r.a.percent < SLA_TARGET).length
  const monitored = rows.filter((r) => r.a.percent !== null).length
  rows.sort(
    (x, y) => (x.a.percent ?? 101) - (y.a.percent ?? 101) || x.d.name.localeCompare(y.d.name),
  )
  return {
    ok: true,
    kpis: [
      { label: 'Fleet availability', value: pct(fleet.percent, 3), tone: tone(fleet.percent) },
      { label: 'Devices monitored', value: `${monitored} of ${ctx.devices.length}` },
      {
        label: `Devices below ${SLA_TARGET} %`,
        value: String(below),
        tone: below > 0 ? 'bad' : 'good',
      },
      { label: 'Outages', value: String(fleet.outages) },
      { label: 'Downtime (outside maintenance)', value: duration(fleet.downMs) },
      { label: 'Maintenance time excluded', value: duration(fleet.maintenanceMs) },
    ],
    sections: [
      {
        heading: 'Availability by site',
        note: `Up time over monitored time. Maintenance windows, and time when a device could not be logged in to or had not been polled yet, are not counted. Target ${SLA_TARGET} %.`,
        columns: [
          { title: 'Site', width: 4 },
          { title: 'Devices', width: 1.4, align: 'right' },
          { title: 'Availability', width: 2, align: 'right' },
          { title: 'Downtime', width: 2, align: 'right' },
          { title: 'Outages', width: 1.4, align: 'right' },
        ],
        rows: [...sites.entries()]
          .map(([name, list]) => ({ name, n: list.length, a: combined(list) }))
          .sort((x, y) => (x.a.percent ?? 101) - (y.a.percent ?? 101))
          .map((s) => [
            s.name,
            String(s.n),
            { text: pct(s.a.percent, 3), tone: tone(s.a.percent) },
            duration(s.a.downMs),
            String(s.a.outages),
          ]),
      },
      {
        heading: 'Availability by device',
        note: 'Lowest first.',
        columns: [
          { title: 'Device', width: 3.2 },
          { title: 'Site', width: 2.4 },
          { title: 'Availability', width: 1.7, align: 'right' },
          { title: 'Downtime', width: 1.6, align: 'right' },
          { title: 'Outages', width: 1.1, align: 'right' },
          { title: 'Maintenance', width: 1.6, align: 'right' },
        ],
        rows: rows.map(({ d, a }) => [
          d.name,
          siteOf(d),
          { text: a.percent === null ? 'not monitored' : pct(a.percent, 3), tone: tone(a.percent) },
          duration(a.downMs),
          String(a.outages),
          duration(a.maintenanceMs),
        ]),
      },
    ],
  }
}
