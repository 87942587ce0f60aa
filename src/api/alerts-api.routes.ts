// /api/v1/alerts and /api/v1/alert-rules: the alerts list (by state or device), one alert with its
// deliveries, acknowledge (with a note) and resolve, and rule CRUD. Same services as the pages.
import type { Context } from 'hono'
import { z } from 'zod'
import {
  acknowledgeAlert,
  ackSchema,
  alertDeliveries,
  alertListQuerySchema,
  alertsCtx,
  changeRule,
  createRule,
  getAlertView,
  getRule,
  listAlertViews,
  removeRule,
  resolveAlert,
  ruleInputSchema,
  rulePatchSchema,
  rulesOf,
  type AlertsDeps,
} from '../alerts/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { readJson } from '../http/json-body.ts'
import type { EventBus } from '../poller/index.ts'
import type { ApiRouter } from './api-router.ts'
import { wrap } from './schemas/common.ts'
import { alertOutSchema, deliveryOutSchema, ruleOutSchema } from './schemas/alerts.ts'

function parseQuery<S extends z.ZodObject>(c: Context<TenantEnv>, schema: S): z.output<S> {
  const r = schema.safeParse(c.req.query())
  if (r.success) return r.data
  const fields: Record<string, string> = {}
  for (const i of r.error.issues) fields[i.path.map(String).join('.') || '_query'] ??= i.message
  throw new ValidationError(fields)
}

export function alertsApi(api: ApiRouter, deps: AlertsDeps, bus: EventBus | undefined): void {
  const tag = 'Alerts'
  const ctx = (c: Context<TenantEnv>) => alertsCtx(c, deps, bus)
  const alertId = (c: Context<TenantEnv>) => c.req.param('alertId') ?? ''
  const ruleId = (c: Context<TenantEnv>) => c.req.param('ruleId') ?? ''
  const one = wrap('alert', alertOutSchema)

  api.tenantRoute(
    {
      method: 'get',
      path: '/alerts',
      tag,
      role: 'viewer',
      summary: 'Alerts, newest first (state=open|acknowledged|resolved|active, deviceId)',
      query: alertListQuerySchema,
      responses: { 200: wrap('alerts', z.array(alertOutSchema)) },
    },
    async (c) => {
      const q = parseQuery(c, alertListQuerySchema)
      return c.json({
        alerts: await listAlertViews(ctx(c), {
          limit: q.limit,
          ...(q.state ? { state: q.state } : {}),
          ...(q.deviceId ? { deviceId: q.deviceId } : {}),
        }),
      })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/alerts/:alertId',
      tag,
      role: 'viewer',
      summary: 'One alert with its notification deliveries per channel',
      responses: {
        200: z.object({ alert: alertOutSchema, deliveries: z.array(deliveryOutSchema) }),
      },
    },
    async (c) => {
      const x = ctx(c)
      return c.json({
        alert: await getAlertView(x, alertId(c)),
        deliveries: await alertDeliveries(x, alertId(c)),
      })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/alerts/:alertId/ack',
      tag,
      role: 'operator',
      summary: 'Acknowledge an open alert, with an optional note',
      body: ackSchema,
      responses: { 200: one },
    },
    async (c) => {
      const body = await readJson(c, ackSchema)
      return c.json({ alert: await acknowledgeAlert(ctx(c), alertId(c), body.note) })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/alerts/:alertId/resolve',
      tag,
      role: 'operator',
      summary: 'Resolve an alert by hand (it reopens if the condition persists)',
      responses: { 200: one },
    },
    async (c) => {
      return c.json({ alert: await resolveAlert(ctx(c), alertId(c)) })
    },
  )

  const ruleTag = 'Alert rules'
  const rule = wrap('rule', ruleOutSchema)
  api.tenantRoute(
    {
      method: 'get',
      path: '/alert-rules',
      tag: ruleTag,
      role: 'viewer',
      summary: "The tenant's alert rules (defaults included)",
      responses: { 200: wrap('rules', z.array(ruleOutSchema)) },
    },
    async (c) => {
      return c.json({ rules: await rulesOf(ctx(c)) })
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/alert-rules',
      tag: ruleTag,
      role: 'operator',
      summary:
        'Create a rule (scope tenant, site, tag or device; a device rule overrides, a disabled one mutes)',
      body: ruleInputSchema,
      responses: { 201: rule },
    },
    async (c) => {
      return c.json({ rule: await createRule(ctx(c), await readJson(c, ruleInputSchema)) }, 201)
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/alert-rules/:ruleId',
      tag: ruleTag,
      role: 'viewer',
      summary: 'Read a rule',
      responses: { 200: rule },
    },
    async (c) => {
      return c.json({ rule: await getRule(ctx(c), ruleId(c)) })
    },
  )
  api.tenantRoute(
    {
      method: 'patch',
      path: '/alert-rules/:ruleId',
      tag: ruleTag,
      role: 'operator',
      summary: 'Change threshold, duration, severity, name or enabled',
      body: rulePatchSchema,
      responses: { 200: rule },
    },
    async (c) => {
      return c.json({
        rule: await changeRule(ctx(c), ruleId(c), await readJson(c, rulePatchSchema)),
      })
    },
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/alert-rules/:ruleId',
      tag: ruleTag,
      role: 'operator',
      summary: 'Delete a rule (its open alerts resolve; history stays)',
      responses: { 204: null },
    },
    async (c) => {
      await removeRule(ctx(c), ruleId(c))
      return c.body(null, 204)
    },
  )
}
