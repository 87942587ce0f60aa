// Queries of channels and of the outbox rows the delivery side reads and writes. Each takes a
// TenantScope; the cross-tenant "what is due" query lives in dispatcher.ts (allow-listed).
import type { Selectable, Updateable } from 'kysely'
import type { AlertChannelsTable, AlertOutboxTable } from '../db/schema-alerts.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type ChannelRow = Selectable<AlertChannelsTable>
export type OutboxRow = Selectable<AlertOutboxTable>

export function listChannelRows(scope: TenantScope): Promise<ChannelRow[]> {
  return scope
    .selectFrom('alert_channels')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .limit(1000)
    .execute()
}

export function findChannel(scope: TenantScope, id: string): Promise<ChannelRow | undefined> {
  return scope.selectFrom('alert_channels').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertChannel(
  scope: TenantScope,
  row: NewRow<'alert_channels'>,
): Promise<void> {
  await scope.insertInto('alert_channels', row).execute()
}

export async function updateChannel(
  scope: TenantScope,
  id: string,
  patch: Updateable<AlertChannelsTable>,
): Promise<void> {
  await scope.updateTable('alert_channels').set(patch).where('id', '=', id).execute()
}

export async function deleteChannel(scope: TenantScope, id: string): Promise<void> {
  await scope.deleteFrom('alert_channels').where('id', '=', id).execute()
}

/** Only one default route per tenant. */
export async function clearDefault(scope: TenantScope): Promise<void> {
  await scope
    .updateTable('alert_channels')
    .set({ is_default: 0 })
    .where('is_default', '=', 1)
    .execute()
}

export function listOutboxOfChannel(
  scope: TenantScope,
  channelId: string,
  limit: number,
): Promise<OutboxRow[]> {
  return scope
    .selectFrom('alert_outbox')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function insertOutboxRow(
  scope: TenantScope,
  row: NewRow<'alert_outbox'>,
): Promise<void> {
  await scope.insertInto('alert_outbox', row).execute()
}

/** Writes the outcome of an attempt, only while the row is still pending (a delete may have cancelled it). */
export async function updatePendingOutbox(
  scope: TenantScope,
  id: string,
  patch: Updateable<AlertOutboxTable>,
): Promise<void> {
  await scope
    .updateTable('alert_outbox')
    .set(patch)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute()
}

/** A deleted channel's queued messages are cancelled and say why. */
export async function cancelPendingOfChannel(
  scope: TenantScope,
  channelId: string,
  reason: string,
): Promise<number> {
  const r = await scope
    .updateTable('alert_outbox')
    .set({ state: 'cancelled', last_error: reason })
    .where('channel_id', '=', channelId)
    .where('state', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** How many distinct alerts were queued for notification since `since` (flood control). */
export async function countRecentAlerts(scope: TenantScope, since: number): Promise<number> {
  const r = await scope
    .selectFrom('alert_outbox')
    .select((eb) => eb.fn.count<number>('alert_id').distinct().as('n'))
    .where('created_at', '>', since)
    .where('event', 'in', ['opened', 'acknowledged', 'resolved'])
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** The newest digest of a channel since `since`, if any. */
export function findRecentDigest(
  scope: TenantScope,
  channelId: string,
  since: number,
): Promise<OutboxRow | undefined> {
  return scope
    .selectFrom('alert_outbox')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('event', '=', 'digest')
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Marks the grouped messages as carried by the digest row. */
export async function groupIntoDigest(
  scope: TenantScope,
  ids: readonly string[],
  digestId: string,
): Promise<void> {
  if (ids.length === 0) return
  await scope
    .updateTable('alert_outbox')
    .set({ state: 'cancelled', digest_id: digestId, last_error: 'grouped into a flood digest' })
    .where('id', 'in', ids)
    .where('state', '=', 'pending')
    .execute()
}
