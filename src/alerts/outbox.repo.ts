// Queries of the notification side: channels and the outbox. Each takes a TenantScope; the
// dispatcher's cross-tenant "what is due" query lives in dispatcher.ts.
import type { Selectable } from 'kysely'
import type { AlertChannelsTable, AlertOutboxTable } from '../db/schema-alerts.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type ChannelRow = Selectable<AlertChannelsTable>
export type OutboxRow = Selectable<AlertOutboxTable>

export function listChannels(scope: TenantScope): Promise<ChannelRow[]> {
  return scope.selectFrom('alert_channels').selectAll().orderBy('created_at').orderBy('id').limit(1000).execute()
}

export function findChannel(scope: TenantScope, id: string): Promise<ChannelRow | undefined> {
  return scope.selectFrom('alert_channels').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertChannel(scope: TenantScope, row: NewRow<'alert_channels'>): Promise<void> {
  await scope.insertInto('alert_channels', row).execute()
}

export async function updateChannel(scope: TenantScope, id: string, patch: Partial<NewRow<'alert_channels'>>): Promise<void> {
  await scope.updateTable('alert_channels').set(patch).where('id', '=', id).execute()
}

export async function deleteChannel(scope: TenantScope, id: string): Promise<void> {
  await scope.deleteFrom('alert_channels').where('id', '=', id).execute()
}

export async function insertOutbox(scope: TenantScope, rows: readonly NewRow<'alert_outbox'>[]): Promise<void> {
  if (rows.length > 0) await scope.insertInto('alert_outbox', rows).execute()
}

export async function updateOutbox(scope: TenantScope, id: string, patch: Partial<NewRow<'alert_outbox'>>): Promise<void> {
  await scope.updateTable('alert_outbox').set(patch).where('id', '=', id).execute()
}

export function listOutboxOfAlert(scope: TenantScope, alertId: string): Promise<OutboxRow[]> {
  return scope.selectFrom('alert_outbox').selectAll().where('alert_id', '=', alertId).orderBy('created_at').limit(500).execute()
}

export function listOutboxOfChannel(scope: TenantScope, channelId: string, limit: number): Promise<OutboxRow[]> {
  return scope.selectFrom('alert_outbox').selectAll().where('channel_id', '=', channelId).orderBy('created_at', 'desc').limit(limit).execute()
}

/** Queued messages of a deleted channel can never go out: they are cancelled and say why. */
export async function cancelQueuedOfChannel(scope: TenantScope, channelId: string, now: number): Promise<void> {
  await scope
    .updateTable('alert_outbox')
    .set({ state: 'cancelled', last_error: 'channel deleted', sent_at: now })
    .where('channel_id', '=', channelId)
    .where('state', '=', 'pending')
    .execute()
}
