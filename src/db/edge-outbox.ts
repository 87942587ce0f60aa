// The edge appliance's outbox (issue 20): the narrow hook the poller and the backup store call
// inside the transaction that records a change, so an entry exists exactly when the change
// committed. It writes only while this appliance is linked to a central Outpost for the tenant
// (one indexed lookup on a one-row table); the edge domain sends and deletes the entries.
import type { EdgeOutboxKind } from './schema-edge.ts'
import type { DeviceId } from './schema-devices.ts'
import type { TenantScope } from './tenant-scope.ts'

/** Whether the tenant is linked to a central Outpost (a batch of writes asks once). */
export async function edgeLinked(tx: TenantScope): Promise<boolean> {
  return (await tx.selectFrom('edge_links').select('id').limit(1).executeTakeFirst()) !== undefined
}

/**
 * Appends one entry when the tenant is linked to a central Outpost; `payload` is built only then.
 * `linked` is edgeLinked()'s answer when the caller already asked in the same transaction.
 * @example await appendEdgeOutbox(tx, 'backup', deviceId, at, () => ({ backupId }))
 */
export async function appendEdgeOutbox(
  tx: TenantScope,
  kind: EdgeOutboxKind,
  deviceId: string,
  at: number,
  payload: () => Record<string, unknown>,
  linked?: boolean,
): Promise<void> {
  if (!(linked ?? (await edgeLinked(tx)))) return
  const device = await tx
    .selectFrom('devices')
    .select(['name', 'host'])
    .where('id', '=', deviceId as DeviceId)
    .executeTakeFirst()
  if (device === undefined) return
  await tx
    .insertInto('edge_outbox', {
      kind,
      device_id: deviceId,
      at,
      payload_json: JSON.stringify({ device, ...payload() }),
    })
    .execute()
}
