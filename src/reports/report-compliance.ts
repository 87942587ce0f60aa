// Compliance: each device's checks as they stood at the end of the period (its latest evaluation
// before then, from the compliance domain's results and history), failing rules first, and every
// failure with its reason and the configuration line that decided it.
import { complianceSummary, deviceComplianceHistory } from '../compliance/index.ts'
import type { DeviceCompliance } from '../compliance/index.ts'
import type { CollectCtx, Collected } from './report-context.ts'
import { localDate } from './report-doc.ts'

/** The latest evaluation of each device before `to`. */
async function stateAt(ctx: CollectCtx): Promise<Map<string, DeviceCompliance>> {
  const to = ctx.period.to
  const out = new Map<string, DeviceCompliance>()
  for (const d of (await complianceSummary(ctx)).devices) {
    if (d.evaluatedAt < to) {
      out.set(d.deviceId, d)
      continue
    }
    // evaluated again since: look back through its history
    const { history } = await deviceComplianceHistory(ctx, d.deviceId, 100)
    const then = history.find((h) => h.evaluatedAt < to)
    if (then !== undefined) out.set(d.deviceId, then)
  }
  return out
}

export async function collectCompliance(ctx: CollectCtx): Promise<Collected> {
  const state = await stateAt(ctx)
  const rows = ctx.devices.map((d) => ({ d, c: state.get(d.id) }))
  const evaluated = rows.filter((r) => r.c !== undefined)
  if (evaluated.length === 0)
    return {
      ok: false,
      reason: 'No device had been checked for compliance by the end of this period.',
    }
  const failing = evaluated.filter((r) => (r.c?.failed ?? 0) > 0)
  const byRule = new Map<string, number>()
  for (const r of evaluated)
    for (const x of r.c?.results ?? [])
      if (x.status === 'fail') byRule.set(x.title, (byRule.get(x.title) ?? 0) + 1)
  rows.sort((x, y) => (y.c?.failed ?? -1) - (x.c?.failed ?? -1) || x.d.name.localeCompare(y.d.name))
  const failures = failing.flatMap(({ d, c }) =>
    (c?.results ?? [])
      .filter((x) => x.status === 'fail')
      .map((x) => [
        d.name,
        x.title,
        x.reason,
        x.line === null ? '–' : `${x.line.number}: ${x.line.text}`,
      ]),
  )
  return {
    ok: true,
    kpis: [
      {
        label: 'Compliant devices',
        // as on the compliance page: no stored configuration yet is not "compliant"
        value: `${evaluated.filter(({ c }) => c?.failed === 0 && c.backupId !== null).length} of ${ctx.devices.length}`,
        tone: failing.length === 0 ? 'good' : 'warn',
      },
      {
        label: 'Failing at least one rule',
        value: String(failing.length),
        tone: failing.length ? 'bad' : 'good',
      },
      { label: 'Not checked', value: String(ctx.devices.length - evaluated.length) },
      { label: 'Failed checks', value: String(failures.length) },
    ],
    sections: [
      {
        heading: 'Failing rules',
        columns: [
          { title: 'Rule', width: 5 },
          { title: 'Devices failing', width: 1.6, align: 'right' },
        ],
        rows: [...byRule.entries()].sort((a, b) => b[1] - a[1]).map(([t, n]) => [t, String(n)]),
        empty: 'No rule failed on any device.',
      },
      {
        heading: 'Devices',
        note: "Each device's latest check before the end of the period.",
        columns: [
          { title: 'Device', width: 3 },
          { title: 'Passed', width: 1.1, align: 'right' },
          { title: 'Failed', width: 1.1, align: 'right' },
          { title: 'Unknown', width: 1.1, align: 'right' },
          { title: 'Checked', width: 1.8 },
        ],
        rows: rows.map(({ d, c }) =>
          c === undefined
            ? [d.name, '–', '–', '–', { text: 'not checked', tone: 'muted' as const }]
            : [
                d.name,
                String(c.passed),
                {
                  text: String(c.failed),
                  tone: c.failed > 0 ? ('bad' as const) : ('good' as const),
                },
                String(c.unknown),
                localDate(c.evaluatedAt, ctx.tz),
              ],
        ),
      },
      {
        heading: 'Failures',
        note: 'The reason and the configuration line that decided it (secrets masked).',
        columns: [
          { title: 'Device', width: 2.2 },
          { title: 'Rule', width: 2.4 },
          { title: 'Reason', width: 3.6, wrap: true },
          { title: 'Line', width: 3, wrap: true },
        ],
        rows: failures,
        empty: 'No failures.',
      },
    ],
  }
}
