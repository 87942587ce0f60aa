// Compliance pages: the fleet view, one device's results and history, the rules (built-in
// explained, firmware allowance and custom rules: admins), and "evaluate now" (operators).
import { Hono, type Context } from 'hono'
import { CompliancePage } from '../../views/compliance/compliance-page.tsx'
import { ComplianceRulesPage } from '../../views/compliance/compliance-rules-page.tsx'
import { DeviceCompliancePage } from '../../views/compliance/device-compliance-page.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { formAction } from '../http/form-action.ts'
import type { FormValues } from '../http/forms.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf, canOperate } from '../http/request-actor.ts'
import { customRuleSchema, settingsSchema } from './compliance.schema.ts'
import {
  addCustomRule,
  complianceSettings,
  removeCustomRule,
  saveFirmwareMaxBehind,
} from './compliance-settings.service.ts'
import {
  complianceSummary,
  deviceComplianceHistory,
  evaluateDevices,
} from './compliance.service.ts'

const flat = (v: FormValues | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(v ?? {}).map(([k, x]) => [k, Array.isArray(x) ? (x[0] ?? '') : x]),
  )

export function complianceRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const admin = [requireTenantRole('admin')] as const
  const ctx = (c: Context<TenantEnv>) => ({ deps, scope: c.var.scope })
  const adminCtx = (c: Context<TenantEnv>) => {
    const { kind, id, name, ip } = actorOf(c)
    return { ...ctx(c), actor: { kind, id, name, ip } }
  }
  const fleet = async (c: Context<TenantEnv>, evaluated?: number) =>
    c.render(
      <CompliancePage
        summary={await complianceSummary(ctx(c))}
        canOperate={canOperate(c.var.session)}
        csrfToken={c.var.csrfToken}
        evaluated={evaluated}
      />,
      { title: 'Compliance' },
    )
  const rules = async (
    c: Context<TenantEnv>,
    state?: { values: Record<string, string>; errors: Record<string, string> },
  ) => {
    const s = c.var.session
    return c.render(
      <ComplianceRulesPage
        settings={await complianceSettings(ctx(c))}
        canAdmin={s.isSuperAdmin || s.role === 'admin'}
        csrfToken={c.var.csrfToken}
        values={state?.values}
        errors={state?.errors}
      />,
      { title: 'Compliance rules' },
    )
  }

  app.get('/compliance', ...viewer, (c) => fleet(c))
  app.post('/compliance/evaluate', ...operator, async (c) =>
    fleet(c, await evaluateDevices(ctx(c), 'manual')),
  )
  app.get('/compliance/devices/:deviceId', ...viewer, async (c) => {
    const deviceId = c.req.param('deviceId') ?? ''
    const h = await deviceComplianceHistory(ctx(c), deviceId)
    return c.render(<DeviceCompliancePage deviceId={deviceId} {...h} />, {
      title: `Compliance of ${h.deviceName}`,
    })
  })
  app.get('/compliance/rules', ...viewer, (c) => rules(c))
  app.post('/compliance/settings', ...admin, async (c) => {
    const r = await formAction(c, settingsSchema, (v) =>
      saveFirmwareMaxBehind(adminCtx(c), v.firmwareMaxBehind),
    )
    if (r.ok) return c.redirect('/compliance/rules', 303)
    c.status(422)
    return rules(c, { values: flat(r.state.values), errors: r.state.fields ?? {} })
  })
  app.post('/compliance/rules', ...admin, async (c) => {
    const r = await formAction(c, customRuleSchema, (v) => addCustomRule(adminCtx(c), v))
    if (r.ok) return c.redirect('/compliance/rules', 303)
    c.status(422)
    return rules(c, { values: flat(r.state.values), errors: r.state.fields ?? {} })
  })
  app.post('/compliance/rules/:ruleId/delete', ...admin, async (c) => {
    await removeCustomRule(adminCtx(c), c.req.param('ruleId') ?? '')
    return c.redirect('/compliance/rules', 303)
  })
  return app
}
