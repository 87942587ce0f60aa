// Pages of reports: the list with the new-report form and monthly schedules, the PDF download,
// delete. Viewers read and download; operators generate, delete and schedule.
import { Hono, type Context } from 'hono'
import { ReportsPage } from '../../views/reports/reports-page.tsx'
import type { FormState } from '../../views/tenants/form-state.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { formAction } from '../http/form-action.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { canOperate } from '../http/request-actor.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import { previousMonth } from './report-period.ts'
import { pdfResponse, reportsCtx } from './route-ctx.ts'
import { reportInputSchema, scheduleInputSchema } from './reports.schema.ts'
import { KIND_TITLES, REPORT_KINDS } from './reports.types.ts'
import {
  generateReport,
  listReports,
  removeReport,
  removeSchedule,
  reportPdf,
  saveSchedule,
} from './reports.service.ts'

export function reportsRoutes(deps: Deps, metrics: () => MetricsBackend | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = requireTenantRole('viewer')
  const operator = requireTenantRole('operator')
  const ctx = (c: Context<TenantEnv>) => reportsCtx(c, deps, metrics())
  const page = async (c: Context<TenantEnv>, state?: FormState) => {
    const data = await listReports(ctx(c))
    const last = previousMonth(deps.clock.now(), data.timeZone)
    return c.render(
      <ReportsPage
        {...data}
        kinds={REPORT_KINDS.map((kind) => ({ kind, title: KIND_TITLES[kind] }))}
        canOperate={canOperate(c.var.session)}
        csrfToken={c.var.csrfToken}
        state={state ?? { values: { kind: 'sla', from: last.fromDay, to: last.toDay } }}
      />,
      { title: 'Reports' },
    )
  }

  app.get('/reports', viewer, (c) => page(c))
  app.post('/reports', operator, async (c) => {
    const r = await formAction(c, reportInputSchema, (input) => generateReport(ctx(c), input))
    if (r.ok) return c.redirect(`/reports#report-${r.value.id}`, 303)
    c.status(422)
    return page(c, r.state)
  })
  app.get('/reports/:reportId/pdf', viewer, async (c) =>
    pdfResponse(await reportPdf(ctx(c), c.req.param('reportId'))),
  )
  app.post('/reports/:reportId/delete', operator, async (c) => {
    await removeReport(ctx(c), c.req.param('reportId'))
    return c.redirect('/reports', 303)
  })
  app.post('/reports/schedules', operator, async (c) => {
    const r = await formAction(c, scheduleInputSchema, (input) => saveSchedule(ctx(c), input))
    if (r.ok) return c.redirect('/reports#report-schedules', 303)
    c.status(422)
    return page(c, r.state)
  })
  app.post('/reports/schedules/:scheduleId/delete', operator, async (c) => {
    await removeSchedule(ctx(c), c.req.param('scheduleId'))
    return c.redirect('/reports', 303)
  })
  return app
}
