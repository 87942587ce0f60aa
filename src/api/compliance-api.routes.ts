// /api/v1/compliance (issue 18): each device's latest result and the counts, one device's
// history, evaluation on demand, and the tenant's custom rules. Same services as the pages.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from './api-router.ts'
import type { Deps } from '../deps.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import {
  addCustomRule,
  complianceSettings,
  complianceSummary,
  customRuleSchema,
  deviceComplianceHistory,
  evaluateDevices,
  removeCustomRule,
} from '../compliance/index.ts'

const result = z.object({
  rule: z.string().describe('built-in key, or custom:<ruleId>'),
  title: z.string(),
  status: z.enum(['pass', 'fail', 'unknown']),
  reason: z.string(),
  line: z
    .object({ number: z.number().int(), text: z.string() })
    .nullable()
    .describe('the export line that decided it (secrets masked)'),
})
const evaluation = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  evaluatedAt: z.number().int(),
  trigger: z.enum(['backup', 'daily', 'manual']),
  backupId: z.string().nullable(),
  passed: z.number().int(),
  failed: z.number().int(),
  unknown: z.number().int(),
  results: z.array(result),
})
const rule = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  mode: z.enum(['must_contain', 'must_not_contain']),
  pattern: z.string(),
})

export function complianceApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Compliance'
  const ctx = (c: Context<TenantEnv>) => ({ deps, scope: c.var.scope })
  const adminCtx = (c: Context<TenantEnv>) => {
    const { kind, id, name, ip } = actorOf(c)
    return { ...ctx(c), actor: { kind, id, name, ip } }
  }
  api.tenantRoute(
    {
      method: 'get',
      path: '/compliance',
      tag,
      role: 'viewer',
      summary: "Each device's latest result (rule by rule, with reason and line) and the counts",
      responses: {
        200: z.object({
          devices: z.array(evaluation),
          counts: z.object({
            devices: z.number().int(),
            compliant: z.number().int(),
            failing: z.number().int(),
            notEvaluated: z.number().int(),
          }),
          byRule: z.array(
            z.object({ rule: z.string(), title: z.string(), failed: z.number().int() }),
          ),
        }),
      },
    },
    async (c) => c.json(await complianceSummary(ctx(c))),
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/compliance/devices/:deviceId',
      tag,
      role: 'viewer',
      summary: "One device's evaluations, newest first",
      responses: { 200: z.object({ deviceName: z.string(), history: z.array(evaluation) }) },
    },
    async (c) => c.json(await deviceComplianceHistory(ctx(c), c.req.param('deviceId') ?? '')),
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/compliance/evaluate',
      tag,
      role: 'operator',
      summary: 'Evaluate every device now',
      responses: { 200: z.object({ evaluated: z.number().int() }) },
    },
    async (c) => c.json({ evaluated: await evaluateDevices(ctx(c), 'manual') }),
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/compliance/rules',
      tag,
      role: 'viewer',
      summary: 'The firmware allowance and the custom rules',
      responses: {
        200: z.object({ firmwareMaxBehind: z.number().int(), rules: z.array(rule) }),
      },
    },
    async (c) => c.json(await complianceSettings(ctx(c))),
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/compliance/rules',
      tag,
      role: 'admin',
      summary: 'Add a custom rule (a menu path and text it must or must not contain); re-evaluates',
      body: customRuleSchema,
      responses: { 201: z.object({ rule }) },
    },
    async (c) => {
      const input = await readJson(c, customRuleSchema)
      const id = await addCustomRule(adminCtx(c), input)
      const created = (await complianceSettings(ctx(c))).rules.find((r) => r.id === id)
      return c.json({ rule: created }, 201)
    },
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/compliance/rules/:ruleId',
      tag,
      role: 'admin',
      summary: 'Delete a custom rule; re-evaluates',
      responses: { 204: null },
    },
    async (c) => {
      await removeCustomRule(adminCtx(c), c.req.param('ruleId') ?? '')
      return c.body(null, 204)
    },
  )
}
