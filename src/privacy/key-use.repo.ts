// key_use_events: one row per tenant, hour, purpose, subject and actor; a flush adds its counts
// to the row of the same key (an upsert both SQLite and PostgreSQL run).
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import type { Deps } from '../deps.ts'
import { newId, type TenantId } from '../lib/ids.ts'
import type { KeyUseBucket } from '../lib/key-use.ts'
import type { DeviceId } from '../db/schema-devices.ts'

export async function addBuckets(
  deps: Pick<Deps, 'kysely'>,
  buckets: readonly KeyUseBucket[],
  now: number,
): Promise<void> {
  const byTenant = new Map<string, KeyUseBucket[]>()
  for (const b of buckets) byTenant.set(b.tenantId, [...(byTenant.get(b.tenantId) ?? []), b])
  for (const [tenantId, list] of byTenant) {
    const scope = forTenant(deps.kysely, tenantId as TenantId)
    await scope.transaction(async (tx) => {
      for (const b of list) {
        await tx
          .insertInto('key_use_events', {
            id: newId(now),
            hour: b.hour,
            key_name: 'tenant data key',
            purpose: b.purpose,
            subject_type: b.subject.type,
            subject_id: b.subject.id,
            subject_label: b.subject.label.slice(0, 200),
            actor_kind: b.actor.kind,
            actor_id: b.actor.id,
            actor_name: b.actor.name.slice(0, 200),
            count: b.count,
            first_at: b.firstAt,
            last_at: b.lastAt,
          })
          .onConflict((oc) =>
            oc
              .columns([
                'tenant_id',
                'hour',
                'purpose',
                'subject_type',
                'subject_id',
                'actor_kind',
                'actor_id',
              ])
              .doUpdateSet((eb) => ({
                count: eb('key_use_events.count', '+', eb.ref('excluded.count')),
                last_at: eb.ref('excluded.last_at'),
              })),
          )
          .execute()
      }
    })
  }
}

/** Deletes rows older than `before` in every tenant (retention); returns how many went. */
export async function pruneKeyUse(
  deps: Pick<Deps, 'kysely' | 'db'>,
  before: number,
): Promise<number> {
  const tenants = await deps.db.selectFrom('tenants').select('id').limit(1_000_000).execute()
  let n = 0
  for (const t of tenants) {
    const r = await forTenant(deps.kysely, t.id)
      .deleteFrom('key_use_events')
      .where('hour', '<', before)
      .executeTakeFirst()
    n += Number(r.numDeletedRows)
  }
  return n
}

export interface KeyUseQuery {
  from: number
  to: number
  purpose: string
  actor: string
  limit: number
}

export function listKeyUseRows(scope: TenantScope, q: KeyUseQuery) {
  let query = scope
    .selectFrom('key_use_events')
    .selectAll()
    .where('hour', '>=', q.from)
    .where('hour', '<', q.to)
  if (q.purpose !== '') query = query.where('purpose', '=', q.purpose)
  if (q.actor !== '') query = query.where('actor_name', '=', q.actor)
  return query.orderBy('hour', 'desc').orderBy('count', 'desc').limit(q.limit).execute()
}

/** The first hour each (user or API key, subject) pair was seen since `since`. */
export async function firstUseHours(
  scope: TenantScope,
  since: number,
): Promise<Map<string, number>> {
  const rows = await scope
    .selectFrom('key_use_events')
    .select((eb) => [
      'actor_kind',
      'actor_id',
      'subject_type',
      'subject_id',
      eb.fn.min<number>('hour').as('first_hour'),
    ])
    .where('hour', '>=', since)
    .where('actor_kind', 'in', ['user', 'api_key'])
    .groupBy(['actor_kind', 'actor_id', 'subject_type', 'subject_id'])
    .limit(500_000)
    .execute()
  return new Map(rows.map((r) => [pairKey(r), Number(r.first_hour)]))
}

/** Current names of some devices (labels in the log are what they were when used). */
export async function deviceNamesOf(
  scope: TenantScope,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await scope
    .selectFrom('devices')
    .select(['id', 'name'])
    .where('id', 'in', ids as readonly DeviceId[])
    .execute()
  return new Map(rows.map((r) => [r.id as string, r.name]))
}

export function pairKey(r: {
  actor_kind: string
  actor_id: string
  subject_type: string
  subject_id: string
}): string {
  return `${r.actor_kind}:${r.actor_id}|${r.subject_type}:${r.subject_id}`
}

export async function keyUsePurposes(scope: TenantScope): Promise<string[]> {
  const rows = await scope
    .selectFrom('key_use_events')
    .select('purpose')
    .distinct()
    .orderBy('purpose')
    .limit(100)
    .execute()
  return rows.map((r) => r.purpose)
}
