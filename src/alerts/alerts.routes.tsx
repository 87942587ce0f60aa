// Alert pages: the list by state (history included), one alert with its deliveries, acknowledge
// and resolve, the active-alerts panel (dashboard and device page), and the rules page.
import { Hono, type Context } from 'hono'
import { ActiveAlertsPanel } from '../../views/alerts/active-alerts-panel.tsx'
import { AlertDetailPage } from '../../views/alerts/alert-detail-page.tsx'
import { AlertListPage } from '../../views/alerts/alert-list-page.tsx'
import { RulesPage } from '../../views/alerts/rules-page.tsx'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { field, readForm, validateForm, type FormValues } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import type { EventBus } from '../poller/index.ts'
import {
  ackSchema,
  alertListQuerySchema,
  ruleInputSchema,
  rulePatchSchema,
} from './alerts.schema.ts'
import {
  acknowledgeAlert,
  alertDeliveries,
  changeRule,
  createRule,
  getAlertView,
  listAlertViews,
  removeRule,
  resolveAlert,
  rulesOf,
} from './alerts.service.ts'
import { alertsCtx, canOperate, type AlertsDeps } from './route-ctx.ts'
import { RULE_KINDS, RULE_KIND_NAMES } from './rules.ts'

/** Form fields that are not part of the schemas. */
function formData(values: FormValues): FormValues {
  const { _csrf: _c, back: _b, ...rest } = values
  return rest
}

/** Only our own pages as return targets (no open redirect). */
function backOf(values: FormValues, fallback: string): string {
  const back = field(values, 'back')
  return /^\/[a-zA-Z0-9/_?=&-]*$/.test(back) && !back.startsWith('//') ? back : fallback
}

const KINDS = RULE_KIND_NAMES.map((kind) => ({
  kind,
  title: RULE_KINDS[kind].title,
  unit: RULE_KINDS[kind].unit,
}))

export function alertsRoutes(deps: AlertsDeps, bus: EventBus | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctx = (c: Context<TenantEnv>) => alertsCtx(c, deps, bus)

  app.get('/alerts', ...viewer, async (c) => {
    const q = alertListQuerySchema.safeParse({
      ...c.req.query(),
      state: c.req.query('state') === 'all' ? undefined : (c.req.query('state') ?? 'active'),
    })
    const state =
      c.req.query('state') === 'all' ? 'all' : q.success ? (q.data.state ?? 'active') : 'active'
    const alerts = await listAlertViews(ctx(c), {
      limit: 500,
      ...(state === 'all' ? {} : { state }),
    })
    return c.render(
      <AlertListPage
        alerts={alerts}
        state={state}
        now={deps.clock.now()}
        canOperate={canOperate(c)}
        csrfToken={c.var.csrfToken}
      />,
      { title: 'Alerts' },
    )
  })

  app.get('/alerts/panel', ...viewer, async (c) => {
    const deviceId = c.req.query('deviceId')
    const alerts = await listAlertViews(ctx(c), {
      state: 'active',
      limit: 200,
      ...(deviceId ? { deviceId } : {}),
    })
    return c.html(
      <ActiveAlertsPanel
        alerts={alerts}
        now={deps.clock.now()}
        canOperate={canOperate(c)}
        csrfToken={c.var.csrfToken}
        {...(deviceId ? { deviceId } : {})}
      />,
    )
  })

  async function rulesPage(
    c: Context<TenantEnv>,
    status: 200 | 422,
    errors?: Record<string, string>,
    values?: Record<string, string>,
  ) {
    const rules = await rulesOf(ctx(c))
    c.status(status)
    const props = {
      rules,
      kinds: KINDS,
      canEdit: canOperate(c),
      csrfToken: c.var.csrfToken,
      errors,
      values,
    }
    return c.render(<RulesPage {...props} />, { title: 'Alert rules' })
  }

  app.get('/alerts/rules', ...viewer, (c) => rulesPage(c, 200))

  app.post('/alerts/rules', ...operator, async (c) => {
    const values = formData(await readForm(c))
    const strings = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : (v[0] ?? '')]),
    )
    const form = validateForm(ruleInputSchema, strings)
    if (!form.ok) return rulesPage(c, 422, form.fields, strings)
    try {
      const rule = await createRule(ctx(c), form.data)
      setFlash(c, { kind: 'success', message: `Rule ${rule.name} added.` })
      return redirectTo(c, '/alerts/rules')
    } catch (err) {
      if (err instanceof ValidationError) return rulesPage(c, 422, { ...err.fields }, strings)
      throw err
    }
  })

  app.post('/alerts/rules/:ruleId', ...operator, async (c) => {
    const form = validateForm(rulePatchSchema, formData(await readForm(c)))
    if (!form.ok) throw new ValidationError(form.fields)
    const rule = await changeRule(ctx(c), c.req.param('ruleId'), form.data)
    setFlash(c, { kind: 'success', message: `Rule ${rule.name} saved.` })
    return redirectTo(c, '/alerts/rules')
  })

  app.post('/alerts/rules/:ruleId/delete', ...operator, async (c) => {
    await removeRule(ctx(c), c.req.param('ruleId'))
    setFlash(c, { kind: 'success', message: 'Rule deleted.' })
    return redirectTo(c, '/alerts/rules')
  })

  app.get('/alerts/:alertId', ...viewer, async (c) => {
    const x = ctx(c)
    const alert = await getAlertView(x, c.req.param('alertId'))
    const deliveries = await alertDeliveries(x, alert.id)
    return c.render(
      <AlertDetailPage
        alert={alert}
        deliveries={deliveries}
        now={deps.clock.now()}
        canOperate={canOperate(c)}
        csrfToken={c.var.csrfToken}
      />,
      { title: 'Alert' },
    )
  })

  app.post('/alerts/:alertId/ack', ...operator, async (c) => {
    const values = await readForm(c)
    const form = validateForm(ackSchema, { note: field(values, 'note') })
    if (!form.ok) throw new ValidationError(form.fields)
    await acknowledgeAlert(ctx(c), c.req.param('alertId'), form.data.note)
    setFlash(c, { kind: 'success', message: 'Alert acknowledged.' })
    return redirectTo(c, backOf(values, '/alerts'))
  })

  app.post('/alerts/:alertId/resolve', ...operator, async (c) => {
    const values = await readForm(c)
    await resolveAlert(ctx(c), c.req.param('alertId'))
    setFlash(c, { kind: 'success', message: 'Alert resolved.' })
    return redirectTo(c, backOf(values, '/alerts'))
  })

  return app
}
