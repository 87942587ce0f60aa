// Queries of the notification side: channels and the outbox. Each takes a TenantScope. The sender
// that delivers pending rows (channels, retries, digest) is issue 13's next step.
import type { Selectable } from 'kysely'
import type { AlertChannelsTable, AlertOutboxTable } from '../db/schema-alerts.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type ChannelRow = Selectable<AlertChannelsTable>
export type OutboxRow = Selectable<AlertOutboxTable>

export function listChannels(scope: TenantScope): Promise<ChannelRow[]> {
  return scope.selectFrom('alert_channels').selectAll().orderBy('created_at').orderBy('id').limit(1000).execute()
}

export async function insertOutbox(scope: TenantScope, rows: readonly NewRow<'alert_outbox'>[]): Promise<void> {
  if (rows.length > 0) await scope.insertInto('alert_outbox', rows).execute()
}

export function listOutboxOfAlert(scope: TenantScope, alertId: string): Promise<OutboxRow[]> {
  return scope.selectFrom('alert_outbox').selectAll().where('alert_id', '=', alertId).orderBy('created_at').limit(500).execute()
}

