// Queries of the notification side: channels and the outbox. Each takes a TenantScope. The
// delivery worker and channel management live in src/notifications.
import type { Selectable } from 'kysely'
import type { AlertChannelsTable, AlertOutboxTable } from '../db/schema-alerts.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type ChannelRow = Selectable<AlertChannelsTable>
export type OutboxRow = Selectable<AlertOutboxTable>

export function listChannels(scope: TenantScope): Promise<ChannelRow[]> {
  return scope
    .selectFrom('alert_channels')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .limit(1000)
    .execute()
}

export async function insertOutbox(
  scope: TenantScope,
  rows: readonly NewRow<'alert_outbox'>[],
): Promise<void> {
  if (rows.length > 0) await scope.insertInto('alert_outbox', rows).execute()
}

export function listOutboxOfAlert(scope: TenantScope, alertId: string): Promise<OutboxRow[]> {
  return scope
    .selectFrom('alert_outbox')
    .selectAll()
    .where('alert_id', '=', alertId)
    .orderBy('created_at')
    .limit(500)
    .execute()
}

/** The digest rows that carried grouped messages, by id (their outcome is the grouped messages'). */
export async function digestsById(
  scope: TenantScope,
  ids: readonly string[],
): Promise<Map<string, OutboxRow>> {
  if (ids.length === 0) return new Map()
  const rows = await scope
    .selectFrom('alert_outbox')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}
