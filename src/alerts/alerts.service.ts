// Use cases of alerts: list and read alerts (with their deliveries), acknowledge with a note,
// resolve by hand, and manage rules. Each change is audited in its own transaction, together with
// the outbox messages it queues; the bus tells the engine and live pages afterwards.
import type { Actor } from '../lib/actor.ts'
import { recordAudit } from '../audit/index.ts'
import type { Config } from '../config.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId } from '../lib/ids.ts'
import type { EventBus } from '../poller/index.ts'
import type { RuleInput, RulePatch } from './alerts.schema.ts'
import type { AlertView, DeliveryView } from './alerts.types.ts'
import * as repo from './alerts.repo.ts'
import { ensureDefaultRules } from './default-rules.ts'
import { alertMessage, enqueueAlertMessage } from './outbox.ts'
import { digestsById, listChannels, listOutboxOfAlert } from './outbox.repo.ts'
import { isRuleKind, SYSLOG_SEVERITIES, type Rule } from './rules.ts'

export interface AlertsCtx {
  deps: Pick<Deps, 'kysely' | 'clock'> & { config: Pick<Config, 'publicUrl'> }
  scope: TenantScope
  actor: Actor
  /** the poller's bus when it runs (engine and live pages listen) */
  bus?: EventBus | undefined
}

function audit(
  ctx: AlertsCtx,
  tx: Tx,
  action: string,
  target: { type: string; id: string; label: string },
  now: number,
  details?: Record<string, unknown>,
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
      ...(details ? { details } : {}),
    },
    now,
  )
}

function view(a: repo.AlertRow, names: Map<string, string>): AlertView {
  return {
    id: a.id,
    deviceId: a.device_id,
    deviceName: names.get(a.device_id) ?? a.device_id,
    ruleId: a.rule_id,
    rule: a.rule_name,
    kind: a.kind,
    label: a.label,
    severity: a.severity,
    state: a.state,
    value: a.value,
    threshold: a.threshold,
    message: a.message,
    openedAt: a.opened_at,
    ackedAt: a.acked_at,
    ackedBy: a.acked_by,
    ackNote: a.ack_note,
    resolvedAt: a.resolved_at,
    silenced: a.is_silenced === 1,
  }
}

export async function listAlertViews(
  ctx: AlertsCtx,
  filter: repo.AlertFilter,
): Promise<AlertView[]> {
  const rows = await repo.listAlerts(ctx.scope, filter)
  const names = await repo.deviceNames(
    ctx.scope,
    rows.map((r) => r.device_id),
  )
  return rows.map((r) => view(r, names))
}

async function getAlertRow(ctx: AlertsCtx, id: string): Promise<repo.AlertRow> {
  const row = isId(id) ? await repo.findAlert(ctx.scope, id) : undefined
  if (row === undefined)
    throw new NotFoundError('That alert does not exist.', { code: 'alert_not_found' })
  return row
}

export async function getAlertView(ctx: AlertsCtx, id: string): Promise<AlertView> {
  const row = await getAlertRow(ctx, id)
  return view(row, await repo.deviceNames(ctx.scope, [row.device_id]))
}

/** Every message queued for the alert, per channel, with its outcome. */
export async function alertDeliveries(ctx: AlertsCtx, id: string): Promise<DeliveryView[]> {
  const row = await getAlertRow(ctx, id)
  const channels = new Map((await listChannels(ctx.scope)).map((c) => [c.id, c.name]))
  const rows = await listOutboxOfAlert(ctx.scope, row.id)
  // a message grouped into a flood digest has the digest's outcome
  const digests = await digestsById(
    ctx.scope,
    rows.flatMap((o) => (o.digest_id === null ? [] : [o.digest_id])),
  )
  return rows.map((o) => {
    const d = o.digest_id === null ? undefined : digests.get(o.digest_id)
    const shown =
      d === undefined ? o : { ...d, last_error: d.last_error ?? 'grouped into a flood digest' }
    return {
      id: o.id,
      channelId: o.channel_id,
      channelName: channels.get(o.channel_id) ?? '(deleted channel)',
      event: o.event,
      state: shown.state,
      attempts: shown.attempts,
      nextAttemptAt: shown.next_attempt_at,
      lastError: shown.last_error,
      createdAt: o.created_at,
      sentAt: shown.sent_at,
    }
  })
}

async function changeState(
  ctx: AlertsCtx,
  id: string,
  to: 'acknowledged' | 'resolved',
  note: string,
): Promise<AlertView> {
  const row = await getAlertRow(ctx, id)
  if (row.state === 'resolved')
    throw new ValidationError(
      { _body: 'This alert is already resolved.' },
      'This alert is already resolved.',
    )
  if (to === 'acknowledged' && row.state === 'acknowledged')
    throw new ValidationError(
      { _body: 'This alert is already acknowledged.' },
      'This alert is already acknowledged.',
    )
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  const patch =
    to === 'acknowledged'
      ? { state: to, acked_at: now, acked_by: ctx.actor.name, ack_note: note === '' ? null : note }
      : { state: to, resolved_at: now }
  const next: repo.AlertRow = { ...row, ...patch }
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    await repo.updateAlert(scope, row.id, patch)
    const place = await repo.devicePlace(scope, row.device_id)
    const name =
      (await repo.deviceNames(scope, [row.device_id])).get(row.device_id) ?? row.device_id
    if (row.is_silenced !== 1 && place !== undefined) {
      const event = to === 'acknowledged' ? 'acknowledged' : 'resolved'
      await enqueueAlertMessage(
        scope,
        alertMessage(next, name, event, now, ctx.deps.config.publicUrl),
        place,
        now,
      )
    }
    const verb = to === 'acknowledged' ? 'alert.acknowledge' : 'alert.resolve'
    await audit(
      ctx,
      tx,
      verb,
      { type: 'alert', id: row.id, label: `${row.rule_name} on ${name}` },
      now,
      note === '' ? undefined : { note },
    )
  })
  ctx.bus?.emit('alert.changed', {
    tenantId,
    deviceId: row.device_id,
    alertId: row.id,
    state: to,
    at: now,
    source: 'user',
    ruleId: row.rule_id,
    label: row.label,
  })
  return view(next, await repo.deviceNames(ctx.scope, [row.device_id]))
}

export function acknowledgeAlert(ctx: AlertsCtx, id: string, note: string): Promise<AlertView> {
  return changeState(ctx, id, 'acknowledged', note)
}

export function resolveAlert(ctx: AlertsCtx, id: string): Promise<AlertView> {
  return changeState(ctx, id, 'resolved', '')
}

// ---- rules ----

export async function rulesOf(ctx: AlertsCtx): Promise<Rule[]> {
  await ensureDefaultRules(ctx.scope, ctx.deps.clock.now())
  return repo.listRules(ctx.scope)
}

export async function getRule(ctx: AlertsCtx, id: string): Promise<Rule> {
  const rule = isId(id) ? await repo.findRule(ctx.scope, id) : undefined
  if (rule === undefined)
    throw new NotFoundError('That rule does not exist.', { code: 'alert_rule_not_found' })
  return rule
}

async function checkScope(
  ctx: AlertsCtx,
  input: { scopeKind: string; scopeId: string | null },
): Promise<void> {
  if (input.scopeKind === 'tenant') return
  const table =
    input.scopeKind === 'site' ? 'sites' : input.scopeKind === 'tag' ? 'tags' : 'devices'
  const id = input.scopeId ?? ''
  const found = isId(id)
    ? await ctx.scope
        .selectFrom(table)
        .select('id')
        .where('id', '=', id as never)
        .executeTakeFirst()
    : undefined
  if (found === undefined)
    throw new ValidationError({ scopeId: `That ${input.scopeKind} does not exist.` })
}

function rulesChanged(ctx: AlertsCtx): void {
  ctx.bus?.emit('alerts.rules_changed', { tenantId: ctx.scope.tenantId })
}

export async function createRule(ctx: AlertsCtx, input: RuleInput): Promise<Rule> {
  if (!isRuleKind(input.kind)) throw new ValidationError({ kind: 'Unknown rule kind.' })
  await ensureDefaultRules(ctx.scope, ctx.deps.clock.now())
  await checkScope(ctx, input)
  const now = ctx.deps.clock.now()
  const id = newId(now)
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await repo.insertRule(tx.scope(tenantId), {
      id,
      name: input.name,
      kind: input.kind,
      label: input.label,
      comparison: input.comparison,
      // a syslog_pattern rule keeps its minimum severity as the threshold (syslog number, 0-7)
      threshold:
        input.kind === 'syslog_pattern'
          ? SYSLOG_SEVERITIES.indexOf(input.minSeverity ?? 'debug')
          : input.threshold,
      duration_s: input.durationS,
      polls: input.polls,
      hysteresis: input.hysteresis,
      severity: input.severity,
      scope_kind: input.scopeKind,
      scope_id: input.scopeKind === 'tenant' ? null : input.scopeId,
      is_enabled: input.enabled ? 1 : 0,
      is_default: 0,
      created_at: now,
      updated_at: now,
    })
    await audit(ctx, tx, 'alert_rule.create', { type: 'alert_rule', id, label: input.name }, now)
  })
  rulesChanged(ctx)
  return getRule(ctx, id)
}

export async function changeRule(ctx: AlertsCtx, id: string, patch: RulePatch): Promise<Rule> {
  const rule = await getRule(ctx, id)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await repo.updateRule(tx.scope(tenantId), rule.id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.threshold !== undefined ? { threshold: patch.threshold } : {}),
      ...(patch.durationS !== undefined ? { duration_s: patch.durationS } : {}),
      ...(patch.polls !== undefined ? { polls: patch.polls } : {}),
      ...(patch.hysteresis !== undefined ? { hysteresis: patch.hysteresis } : {}),
      ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
      ...(patch.enabled !== undefined ? { is_enabled: patch.enabled ? 1 : 0 } : {}),
      updated_at: now,
    })
    await audit(
      ctx,
      tx,
      'alert_rule.update',
      { type: 'alert_rule', id: rule.id, label: patch.name ?? rule.name },
      now,
      { ...patch },
    )
  })
  rulesChanged(ctx)
  return getRule(ctx, rule.id)
}

/** Deletes a rule; its alerts still open are resolved (history is kept). */
export async function removeRule(ctx: AlertsCtx, id: string): Promise<void> {
  const rule = await getRule(ctx, id)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  const active = await repo.listActiveAlertsOfRule(ctx.scope, rule.id)
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    await repo.deleteRule(scope, rule.id)
    for (const a of active)
      await repo.updateAlert(scope, a.id, { state: 'resolved', resolved_at: now })
    await audit(
      ctx,
      tx,
      'alert_rule.delete',
      { type: 'alert_rule', id: rule.id, label: rule.name },
      now,
    )
  })
  for (const a of active) {
    ctx.bus?.emit('alert.changed', {
      tenantId,
      deviceId: a.device_id,
      alertId: a.id,
      state: 'resolved',
      at: now,
      source: 'user',
      ruleId: a.rule_id,
      label: a.label,
    })
  }
  rulesChanged(ctx)
}
