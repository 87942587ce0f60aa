// The tenant's compliance settings: the firmware allowance and custom rules. Each change is
// audited in the same transaction and re-evaluates the fleet at once, so the fleet view never
// shows results of a rule set that no longer exists.
import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/index.ts'
import type { Database } from '../db/schema.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import {
  deleteRule,
  findMaxBehind,
  insertRule,
  listRules,
  upsertMaxBehind,
} from './compliance.repo.ts'
import type { CustomRuleInput } from './compliance.schema.ts'
import { evaluateDevices, type ComplianceCtx } from './compliance.service.ts'
import type { ComplianceSettingsView } from './compliance.types.ts'
import { exportPath } from './export-lines.ts'

export interface ComplianceAdminCtx extends ComplianceCtx {
  deps: ComplianceCtx['deps'] & { readonly kysely: Kysely<Database> }
  actor: { kind: 'user' | 'api_key'; id: string; name: string; ip: string | null }
}

function audit(
  ctx: ComplianceAdminCtx,
  tx: Tx,
  action: string,
  target: { type: string; id: string; label: string },
) {
  const { actor } = ctx
  return recordAudit(
    tx.global,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target,
      outcome: 'success',
    },
    ctx.deps.clock.now(),
  )
}

export async function complianceSettings(
  ctx: Pick<ComplianceCtx, 'scope'>,
): Promise<ComplianceSettingsView> {
  const [firmwareMaxBehind, rules] = await Promise.all([
    findMaxBehind(ctx.scope),
    listRules(ctx.scope),
  ])
  return { firmwareMaxBehind, rules }
}

export async function saveFirmwareMaxBehind(ctx: ComplianceAdminCtx, n: number): Promise<void> {
  await withTransaction(ctx.deps, async (tx) => {
    await upsertMaxBehind(tx.scope(ctx.scope.tenantId), n, ctx.deps.clock.now())
    await audit(ctx, tx, 'compliance.settings', {
      type: 'compliance_settings',
      id: ctx.scope.tenantId,
      label: `firmware at most ${n} releases behind`,
    })
  })
  await evaluateDevices(ctx, 'manual')
}

export async function addCustomRule(
  ctx: ComplianceAdminCtx,
  input: CustomRuleInput,
): Promise<string> {
  const existing = await listRules(ctx.scope)
  if (existing.some((r) => r.name.toLowerCase() === input.name.toLowerCase()))
    throw new ValidationError({ name: 'A rule with this name exists.' })
  if (existing.length >= 200) throw new ConflictError('A tenant has at most 200 custom rules.')
  const now = ctx.deps.clock.now()
  const id = newId(now)
  await withTransaction(ctx.deps, async (tx) => {
    await insertRule(tx.scope(ctx.scope.tenantId), {
      id,
      name: input.name,
      path: exportPath(input.path),
      mode: input.mode,
      pattern: input.pattern,
      created_at: now,
    })
    await audit(ctx, tx, 'compliance.rule_create', {
      type: 'compliance_rule',
      id,
      label: input.name,
    })
  })
  await evaluateDevices(ctx, 'manual')
  return id
}

export async function removeCustomRule(ctx: ComplianceAdminCtx, ruleId: string): Promise<void> {
  const rule = (await listRules(ctx.scope)).find((r) => r.id === ruleId)
  if (!rule) throw new NotFoundError('Rule not found.', { code: 'rule_not_found' })
  await withTransaction(ctx.deps, async (tx) => {
    await deleteRule(tx.scope(ctx.scope.tenantId), ruleId)
    await audit(ctx, tx, 'compliance.rule_delete', {
      type: 'compliance_rule',
      id: ruleId,
      label: rule.name,
    })
  })
  await evaluateDevices(ctx, 'manual')
}
