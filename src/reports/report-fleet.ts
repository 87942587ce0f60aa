// Fleet summary (inventory, versions, status) and backup coverage. Inventory is the devices that
// existed at the end of the period; their status is the one at generation time (the SLA report
// has the history).
import { siteOf, type CollectCtx, type Collected } from './report-context.ts'
import { localDate, type Cell } from './report-doc.ts'
import { backupAttempts, backupFacts } from './reports.repo.ts'

const NO_DEVICES = 'There were no devices in this tenant during this period.'

function statusCell(s: string, enabled: boolean): Cell {
  if (!enabled) return { text: 'disabled', tone: 'muted' }
  const tone =
    s === 'online' ? 'good' : s === 'degraded' ? 'warn' : s === 'unknown' ? 'muted' : 'bad'
  return { text: s.replace('_', ' '), tone }
}

function counts<T>(list: readonly T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>()
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1)
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

export function collectSummary(ctx: CollectCtx): Collected {
  const ds = ctx.devices
  if (ds.length === 0) return { ok: false, reason: NO_DEVICES }
  const up = ds.filter((d) => d.isEnabled && (d.status === 'online' || d.status === 'degraded'))
  const down = ds.filter(
    (d) => d.isEnabled && (d.status === 'offline' || d.status === 'auth_failed'),
  )
  const versions = counts(ds, (d) => d.version ?? 'not read yet')
  const share = (n: number) => `${((n / ds.length) * 100).toFixed(1)} %`
  return {
    ok: true,
    kpis: [
      { label: 'Devices', value: String(ds.length) },
      { label: 'Online now', value: String(up.length), tone: 'good' },
      {
        label: 'Offline or failing now',
        value: String(down.length),
        tone: down.length ? 'bad' : 'good',
      },
      { label: 'RouterOS versions', value: String(versions.length) },
    ],
    sections: [
      {
        heading: 'RouterOS versions',
        columns: [
          { title: 'Version', width: 4 },
          { title: 'Devices', width: 1.5, align: 'right' },
          { title: 'Share', width: 1.5, align: 'right' },
        ],
        rows: versions.map(([v, n]) => [v, String(n), share(n)]),
      },
      {
        heading: 'Sites',
        columns: [
          { title: 'Site', width: 4 },
          { title: 'Devices', width: 1.5, align: 'right' },
          { title: 'Online', width: 1.5, align: 'right' },
          { title: 'Offline or failing', width: 2, align: 'right' },
        ],
        rows: counts(ds, siteOf).map(([site, n]) => {
          const at = (list: typeof ds) => String(list.filter((d) => siteOf(d) === site).length)
          return [site, String(n), at(up), at(down)]
        }),
      },
      {
        heading: 'Inventory',
        note: 'Status as of the time this report was generated.',
        columns: [
          { title: 'Device', width: 2.8 },
          { title: 'Address', width: 2 },
          { title: 'Site', width: 2 },
          { title: 'Board', width: 3 },
          { title: 'Version', width: 1.3 },
          { title: 'Status', width: 1.4 },
          { title: 'Last seen', width: 1.7 },
        ],
        rows: ds.map((d) => [
          d.name,
          d.host,
          siteOf(d),
          d.board ?? '–',
          d.version ?? '–',
          statusCell(d.status, d.isEnabled),
          d.lastSeenAt === null ? 'never' : localDate(d.lastSeenAt, ctx.tz),
        ]),
      },
    ],
  }
}

export async function collectBackups(ctx: CollectCtx): Promise<Collected> {
  const ds = ctx.devices
  if (ds.length === 0) return { ok: false, reason: NO_DEVICES }
  const [facts, attempts] = await Promise.all([
    backupFacts(ctx.scope, ctx.period.from, ctx.period.to),
    backupAttempts(ctx.scope),
  ])
  const rows = ds.map((d) => ({ d, f: facts.get(d.id), a: attempts.get(d.id) }))
  const covered = rows.filter((r) => r.f !== undefined)
  const failing = rows.filter((r) => r.a?.error != null)
  const stored = rows.reduce((s, r) => s + (r.f?.inPeriod ?? 0), 0)
  const coverage = (covered.length / ds.length) * 100
  rows.sort(
    (x, y) =>
      Number(x.f !== undefined) - Number(y.f !== undefined) || x.d.name.localeCompare(y.d.name),
  )
  return {
    ok: true,
    kpis: [
      {
        label: 'Devices with a stored configuration',
        value: `${coverage.toFixed(1)} %`,
        tone: coverage === 100 ? 'good' : coverage >= 90 ? 'warn' : 'bad',
      },
      { label: 'Without any backup', value: String(ds.length - covered.length) },
      { label: 'Versions stored in the period', value: String(stored) },
      {
        label: 'Last attempt failed',
        value: String(failing.length),
        tone: failing.length ? 'bad' : 'good',
      },
    ],
    sections: [
      {
        heading: 'Backup coverage by device',
        note: 'A device is covered when a configuration version was stored before the end of the period. A new version is stored only when the configuration changed. "Last attempt" is the latest one, also after the period.',
        columns: [
          { title: 'Device', width: 3 },
          { title: 'Site', width: 2.2 },
          { title: 'Covered', width: 1.3 },
          { title: 'Versions in period', width: 1.8, align: 'right' },
          { title: 'Newest version', width: 2 },
          { title: 'Last attempt', width: 3.2 },
        ],
        rows: rows.map(({ d, f, a }) => [
          d.name,
          siteOf(d),
          f === undefined ? { text: 'no', tone: 'bad' } : { text: 'yes', tone: 'good' },
          String(f?.inPeriod ?? 0),
          f?.newestAt == null ? '–' : localDate(f.newestAt, ctx.tz),
          a === undefined
            ? { text: 'never tried', tone: 'muted' }
            : a.error === null
              ? { text: `ok, ${localDate(a.at, ctx.tz)}`, tone: 'good' }
              : { text: a.error, tone: 'bad' },
        ]),
      },
    ],
  }
}
