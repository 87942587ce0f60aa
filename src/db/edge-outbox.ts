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

/**
 * A device's edited settings for the central Outpost (issue 20), read inside the transaction
 * that wrote them. Sites, tags and groups go by name: the central has its own ids.
 * @example await appendDeviceSettings(tx, deviceId, now)
 */
export async function appendDeviceSettings(
  tx: TenantScope,
  deviceId: string,
  at: number,
): Promise<void> {
  if (!(await edgeLinked(tx))) return
  const id = deviceId as DeviceId
  const d = await tx
    .selectFrom('devices')
    .leftJoin('sites', (j) =>
      j
        .onRef('sites.id', '=', 'devices.site_id')
        .onRef('sites.tenant_id', '=', 'devices.tenant_id'),
    )
    .select([
      'devices.notes',
      'devices.latitude',
      'devices.longitude',
      'devices.is_enabled',
      'devices.poll_interval_s',
      'sites.name as site',
    ])
    .where('devices.id', '=', id)
    .executeTakeFirst()
  if (d === undefined) return
  const names = async (table: 'tags' | 'device_groups') => {
    const rows =
      table === 'tags'
        ? await tx
            .selectFrom('device_tags')
            .innerJoin('tags', (j) =>
              j
                .onRef('tags.id', '=', 'device_tags.tag_id')
                .onRef('tags.tenant_id', '=', 'device_tags.tenant_id'),
            )
            .select('tags.name')
            .where('device_tags.device_id', '=', id)
            .execute()
        : await tx
            .selectFrom('device_group_members')
            .innerJoin('device_groups', (j) =>
              j
                .onRef('device_groups.id', '=', 'device_group_members.group_id')
                .onRef('device_groups.tenant_id', '=', 'device_group_members.tenant_id'),
            )
            .select('device_groups.name')
            .where('device_group_members.device_id', '=', id)
            .execute()
    return rows.map((r) => r.name).sort()
  }
  const tags = await names('tags')
  const groups = await names('device_groups')
  await appendEdgeOutbox(tx, 'device', deviceId, at, () => ({ settings: { ...d, tags, groups } }))
}
