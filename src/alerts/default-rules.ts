// The tenant's default rules, created once per tenant (the first time its alerting is used), so a
// default rule an admin deletes stays deleted.
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import { insertRule, markDefaultsCreated, defaultsCreated } from './alerts.repo.ts'
import { DEFAULT_RULES } from './rules.ts'

export async function ensureDefaultRules(scope: TenantScope, now: number): Promise<void> {
  if (await defaultsCreated(scope)) return
  await scope.transaction(async (tx) => {
    if (!(await markDefaultsCreated(tx, now))) return
    for (const r of DEFAULT_RULES) {
      await insertRule(tx, {
        id: newId(now),
        name: r.name,
        kind: r.kind,
        label: r.label,
        comparison: r.comparison,
        threshold: r.threshold,
        duration_s: r.durationS,
        polls: r.polls,
        hysteresis: r.hysteresis,
        severity: r.severity,
        scope_kind: r.scopeKind,
        scope_id: r.scopeId,
        is_enabled: r.enabled ? 1 : 0,
        is_default: 1,
        created_at: now,
        updated_at: now,
      })
    }
  })
}
