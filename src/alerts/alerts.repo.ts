// Queries of the alerts domain (rules, alerts, tenant state). Each takes a TenantScope.
import type { Selectable } from 'kysely'
import type { AlertRulesTable, AlertsTable } from '../db/schema-alerts.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'
import { isRuleKind, type Rule } from './rules.ts'

export type RuleRow = Selectable<AlertRulesTable>
export type AlertRow = Selectable<AlertsTable>

export function ruleOf(r: RuleRow): Rule | undefined {
  if (!isRuleKind(r.kind)) return undefined
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    label: r.label,
    comparison: r.comparison,
    threshold: r.threshold,
    durationS: r.duration_s,
    polls: r.polls,
    hysteresis: r.hysteresis,
    severity: r.severity,
    scopeKind: r.scope_kind,
    scopeId: r.scope_id,
    enabled: r.is_enabled === 1,
  }
}

export async function listRules(scope: TenantScope): Promise<Rule[]> {
  const rows = await scope
    .selectFrom('alert_rules')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .limit(10_000)
    .execute()
  return rows.map(ruleOf).filter((r): r is Rule => r !== undefined)
}

export async function findRule(scope: TenantScope, id: string): Promise<Rule | undefined> {
  const row = await scope
    .selectFrom('alert_rules')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : ruleOf(row)
}

export async function insertRule(scope: TenantScope, row: NewRow<'alert_rules'>): Promise<void> {
  await scope.insertInto('alert_rules', row).execute()
}

export async function updateRule(
  scope: TenantScope,
  id: string,
  patch: Partial<NewRow<'alert_rules'>>,
): Promise<void> {
  await scope.updateTable('alert_rules').set(patch).where('id', '=', id).execute()
}

export async function deleteRule(scope: TenantScope, id: string): Promise<void> {
  await scope.deleteFrom('alert_rules').where('id', '=', id).execute()
}

export async function defaultsCreated(scope: TenantScope): Promise<boolean> {
  const row = await scope
    .selectFrom('alert_tenant_state')
    .select('defaults_created_at')
    .executeTakeFirst()
  return row !== undefined
}

export async function markDefaultsCreated(scope: TenantScope, at: number): Promise<boolean> {
  const r = await scope
    .insertInto('alert_tenant_state', { defaults_created_at: at })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function insertAlert(scope: TenantScope, row: NewRow<'alerts'>): Promise<void> {
  await scope.insertInto('alerts', row).execute()
}

export async function updateAlert(
  scope: TenantScope,
  id: string,
  patch: Partial<NewRow<'alerts'>>,
): Promise<void> {
  await scope.updateTable('alerts').set(patch).where('id', '=', id).execute()
}

export async function findAlert(scope: TenantScope, id: string): Promise<AlertRow | undefined> {
  return scope.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The open (or acknowledged) alert of one device, rule and label. */
export async function findActiveAlert(
  scope: TenantScope,
  deviceId: string,
  ruleId: string,
  label: string | null,
): Promise<AlertRow | undefined> {
  let q = scope
    .selectFrom('alerts')
    .selectAll()
    .where('device_id', '=', deviceId as DeviceId)
    .where('rule_id', '=', ruleId)
    .where('state', '!=', 'resolved')
  q = label === null ? q.where('label', 'is', null) : q.where('label', '=', label)
  return q.executeTakeFirst()
}

export interface AlertFilter {
  state?: 'open' | 'acknowledged' | 'resolved' | 'active'
  deviceId?: string
  limit: number
}

export async function listAlerts(scope: TenantScope, f: AlertFilter): Promise<AlertRow[]> {
  let q = scope.selectFrom('alerts').selectAll()
  if (f.state === 'active') q = q.where('state', '!=', 'resolved')
  else if (f.state !== undefined) q = q.where('state', '=', f.state)
  if (f.deviceId !== undefined) q = q.where('device_id', '=', f.deviceId as DeviceId)
  return q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute()
}

/** Open and acknowledged alerts of some devices (several pollers: a device handed over). */
export async function activeAlertsOfDevices(
  scope: TenantScope,
  deviceIds: readonly string[],
): Promise<AlertRow[]> {
  const out: AlertRow[] = []
  for (let i = 0; i < deviceIds.length; i += 500) {
    const ids = deviceIds.slice(i, i + 500) as DeviceId[]
    out.push(
      ...(await scope
        .selectFrom('alerts')
        .selectAll()
        .where('device_id', 'in', ids)
        .where('state', '!=', 'resolved')
        .execute()),
    )
  }
  return out
}

export async function listActiveAlertsOfRule(
  scope: TenantScope,
  ruleId: string,
): Promise<AlertRow[]> {
  return scope
    .selectFrom('alerts')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .where('state', '!=', 'resolved')
    .limit(100_000)
    .execute()
}

/** Names of the tenant's devices by id (for alert lists and messages). */
export async function deviceNames(
  scope: TenantScope,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await scope
    .selectFrom('devices')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)] as DeviceId[])
    .execute()
  return new Map(rows.map((r) => [r.id as string, r.name]))
}

/** Site and tags of every device of the tenant, for rule scopes. */
export async function devicePlaces(
  scope: TenantScope,
): Promise<Map<string, { siteId: string | null; tagIds: string[] }>> {
  const devices = await scope
    .selectFrom('devices')
    .select(['id', 'site_id'])
    .limit(1_000_000)
    .execute()
  const out = new Map<string, { siteId: string | null; tagIds: string[] }>()
  for (const d of devices) out.set(d.id, { siteId: d.site_id, tagIds: [] })
  const tags = await scope
    .selectFrom('device_tags')
    .select(['device_id', 'tag_id'])
    .limit(10_000_000)
    .execute()
  for (const t of tags) out.get(t.device_id)?.tagIds.push(t.tag_id)
  return out
}

/** Site and tags of one device (undefined when it is not the tenant's). */
export async function devicePlace(
  scope: TenantScope,
  deviceId: string,
): Promise<{ siteId: string | null; tagIds: string[] } | undefined> {
  const d = await scope
    .selectFrom('devices')
    .select(['site_id'])
    .where('id', '=', deviceId as DeviceId)
    .executeTakeFirst()
  if (d === undefined) return undefined
  const tags = await scope
    .selectFrom('device_tags')
    .select('tag_id')
    .where('device_id', '=', deviceId as DeviceId)
    .limit(1000)
    .execute()
  return { siteId: d.site_id, tagIds: tags.map((t) => t.tag_id) }
}
