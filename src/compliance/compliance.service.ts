// Compliance use cases: evaluate devices (after a backup, daily, or on demand), the fleet view,
// one device's history, and the tenant's settings and custom rules. Evaluations are pure rule
// runs over the latest stored export and polled state, stored with their reasons and lines.
import type { ComplianceTrigger } from '../db/schema-topology-compliance.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { readBackupText } from '../backups/index.ts'
import { openCredentials } from '../device-access/index.ts'
import { fleetFirmware } from '../firmware/index.ts'
import { newId } from '../lib/ids.ts'
import { NotFoundError } from '../lib/errors.ts'
import { runBuiltinRules, type RuleInput } from './builtin-rules.ts'
import {
  countDevices,
  findLatestBackupId,
  findMaxBehind,
  insertResult,
  listDeviceResults,
  listEvalDevices,
  listLatestResults,
  listRules,
  type ResultRow,
} from './compliance.repo.ts'
import type { ComplianceSummary, DeviceCompliance, RuleResult } from './compliance.types.ts'
import { runCustomRule } from './custom-rule.ts'
import { parseExport } from './export-lines.ts'

export interface ComplianceDeps {
  readonly secrets: { readonly masterKey: Buffer }
  readonly clock: { now(): number }
}

export interface ComplianceCtx {
  deps: ComplianceDeps
  scope: TenantScope
}

type EvalDevice = Awaited<ReturnType<typeof listEvalDevices>>[number]

async function loginOf(ctx: ComplianceCtx, d: EvalDevice): Promise<RuleInput['login']> {
  try {
    const c = await openCredentials(ctx.deps, ctx.scope, d)
    return { username: c.username, emptyPassword: c.password === '' }
  } catch {
    // sealed for another endpoint or damaged: the rule reports "unknown", the device page says why
    return undefined
  }
}

async function commandsOf(ctx: ComplianceCtx, deviceId: DeviceId) {
  const backupId = await findLatestBackupId(ctx.scope, deviceId)
  if (backupId === undefined) return { backupId: null, commands: undefined }
  const text = await readBackupText(ctx, deviceId, backupId)
  return { backupId, commands: parseExport(text) }
}

/**
 * Evaluates every device of the tenant (or the given ones) and stores each result as its latest.
 * Returns how many were evaluated.
 */
export async function evaluateDevices(
  ctx: ComplianceCtx,
  trigger: ComplianceTrigger,
  deviceIds?: readonly string[],
): Promise<number> {
  const [maxBehind, rules, firmware] = await Promise.all([
    findMaxBehind(ctx.scope),
    listRules(ctx.scope),
    fleetFirmware(ctx),
  ])
  const fw = new Map(firmware.devices.map((d) => [d.deviceId, d]))
  const wanted = deviceIds ? new Set(deviceIds) : undefined
  const devices = (await listEvalDevices(ctx.scope)).filter((d) => !wanted || wanted.has(d.id))
  for (const d of devices) {
    const { backupId, commands } = await commandsOf(ctx, d.id)
    const f = fw.get(d.id)
    const results: RuleResult[] = [
      ...runBuiltinRules({
        commands,
        firmware: {
          installed: f?.installed ?? d.version?.split(' ')[0] ?? null,
          latest: f?.latest ?? null,
          channel: f?.channel ?? null,
        },
        firmwareMaxBehind: maxBehind,
        login: await loginOf(ctx, d),
      }),
      ...rules.map((r) => runCustomRule(r, commands)),
    ]
    const count = (s: RuleResult['status']) => results.filter((r) => r.status === s).length
    await insertResult(ctx.scope, {
      id: newId(ctx.deps.clock.now()),
      device_id: d.id,
      evaluated_at: ctx.deps.clock.now(),
      trigger,
      backup_id: backupId,
      passed: count('pass'),
      failed: count('fail'),
      unknown: count('unknown'),
      results_json: JSON.stringify(results),
    })
  }
  return devices.length
}

function toView(r: ResultRow): DeviceCompliance {
  return {
    deviceId: r.device_id,
    deviceName: r.device_name,
    evaluatedAt: r.evaluated_at,
    trigger: r.trigger,
    backupId: r.backup_id,
    passed: r.passed,
    failed: r.failed,
    unknown: r.unknown,
    results: JSON.parse(r.results_json) as RuleResult[],
  }
}

/**
 * The fleet view: each device's latest evaluation and the counts. The stable entry point other
 * domains (reports) read.
 * @example const { counts } = await complianceSummary({ scope })
 */
export async function complianceSummary(ctx: { scope: TenantScope }): Promise<ComplianceSummary> {
  const [rows, total] = await Promise.all([listLatestResults(ctx.scope), countDevices(ctx.scope)])
  const devices = rows.map(toView)
  const failing = devices.filter((d) => d.failed > 0).length
  // without a stored configuration most rules are unknown: such a device is not "compliant" yet
  const compliant = devices.filter((d) => d.failed === 0 && d.backupId !== null).length
  const byRule = new Map<string, { rule: string; title: string; failed: number }>()
  for (const d of devices)
    for (const r of d.results) {
      const e = byRule.get(r.rule) ?? { rule: r.rule, title: r.title, failed: 0 }
      if (r.status === 'fail') e.failed++
      byRule.set(r.rule, e)
    }
  return {
    devices,
    counts: {
      devices: total,
      compliant,
      failing,
      notEvaluated: Math.max(0, total - compliant - failing),
    },
    byRule: [...byRule.values()].sort(
      (a, b) => b.failed - a.failed || a.title.localeCompare(b.title),
    ),
  }
}

/** One device's evaluations, newest first (404 for a device of another tenant). */
export async function deviceComplianceHistory(
  ctx: { scope: TenantScope },
  deviceId: string,
  limit = 30,
): Promise<{ deviceName: string; history: DeviceCompliance[] }> {
  const [device] = await listEvalDevices(ctx.scope, deviceId as DeviceId)
  if (!device) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const rows = await listDeviceResults(ctx.scope, device.id, limit)
  return { deviceName: device.name, history: rows.map(toView) }
}
