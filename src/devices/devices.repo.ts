// Device rows and their tag/group links. No business rules: the service validates and audits.
import type { Selectable, Updateable } from 'kysely'
import type { DeviceId, DevicesTable } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceView, LabelRef } from './devices.types.ts'

export type DeviceRow = Selectable<DevicesTable>
export type DevicePatch = Omit<Updateable<DevicesTable>, 'id' | 'tenant_id'>

export async function findDeviceRow(
  scope: TenantScope,
  id: string,
): Promise<DeviceRow | undefined> {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
}

export async function findDeviceRowsByName(
  scope: TenantScope,
  names: readonly string[],
): Promise<DeviceRow[]> {
  if (names.length === 0) return []
  return scope.selectFrom('devices').selectAll().where('name', 'in', names).execute()
}

export async function updateDevice(
  scope: TenantScope,
  id: string,
  patch: DevicePatch,
): Promise<number> {
  const r = await scope
    .updateTable('devices')
    .set(patch)
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function updateDevices(
  scope: TenantScope,
  ids: readonly string[],
  patch: DevicePatch,
): Promise<number> {
  const r = await scope
    .updateTable('devices')
    .set(patch)
    .where('id', 'in', ids as DeviceId[])
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function deleteDevice(scope: TenantScope, id: string): Promise<number> {
  const r = await scope
    .deleteFrom('devices')
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** The subset of `ids` that are devices of this tenant. */
export async function existingDeviceIds(
  scope: TenantScope,
  ids: readonly string[],
): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scope
      .selectFrom('devices')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500) as DeviceId[])
      .execute()
    out.push(...rows.map((r) => r.id))
  }
  return out
}

/**
 * Inside a transaction: how many of `ids` are still devices of this tenant, their rows locked
 * against a concurrent delete until commit. The no-op update takes PostgreSQL's row locks (a
 * delete in flight is waited for, and its row then no longer counts), so links inserted after it
 * cannot meet a foreign-key error; SQLite has one writer at a time anyway.
 */
export async function lockExistingDevices(
  scope: TenantScope,
  ids: readonly string[],
): Promise<number> {
  let n = 0
  for (let i = 0; i < ids.length; i += 500) {
    const r = await scope
      .updateTable('devices')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', 'in', ids.slice(i, i + 500) as DeviceId[])
      .executeTakeFirst()
    n += Number(r.numUpdatedRows)
  }
  return n
}

type LinkTable = 'device_tags' | 'device_group_members'
const LINK_COLUMN = { device_tags: 'tag_id', device_group_members: 'group_id' } as const

/** Adds links (device × label), ignoring ones that already exist. */
export async function addLinks(
  scope: TenantScope,
  table: LinkTable,
  deviceIds: readonly string[],
  labelIds: readonly string[],
): Promise<void> {
  const col = LINK_COLUMN[table]
  const rows = deviceIds.flatMap((d) => labelIds.map((l) => ({ device_id: d, [col]: l })))
  for (let i = 0; i < rows.length; i += 300) {
    await scope
      .insertInto(table, rows.slice(i, i + 300) as never)
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

/** Removes links of the given devices to the given labels (all labels when `labelIds` is null). */
export async function removeLinks(
  scope: TenantScope,
  table: LinkTable,
  deviceIds: readonly string[],
  labelIds: readonly string[] | null,
): Promise<void> {
  const col = LINK_COLUMN[table]
  for (let i = 0; i < deviceIds.length; i += 500) {
    let q = scope
      .deleteFrom(table)
      .where('device_id', 'in', deviceIds.slice(i, i + 500) as DeviceId[])
    if (labelIds !== null) q = q.where(col as 'device_id', 'in', labelIds as DeviceId[])
    await q.execute()
  }
}

/** Tag and group refs of several devices in two queries (no N+1). */
export async function labelsOfDevices(
  scope: TenantScope,
  ids: readonly string[],
): Promise<{ tags: Map<string, LabelRef[]>; groups: Map<string, LabelRef[]> }> {
  const tags = new Map<string, LabelRef[]>()
  const groups = new Map<string, LabelRef[]>()
  if (ids.length === 0) return { tags, groups }
  const tagRows = await scope
    .selectFrom('device_tags')
    .innerJoin('tags', (j) =>
      j
        .onRef('tags.id', '=', 'device_tags.tag_id')
        .onRef('tags.tenant_id', '=', 'device_tags.tenant_id'),
    )
    .select(['device_tags.device_id as deviceId', 'tags.id as id', 'tags.name as name'])
    .where('device_tags.device_id', 'in', ids as DeviceId[])
    .orderBy('tags.name')
    .execute()
  const groupRows = await scope
    .selectFrom('device_group_members')
    .innerJoin('device_groups', (j) =>
      j
        .onRef('device_groups.id', '=', 'device_group_members.group_id')
        .onRef('device_groups.tenant_id', '=', 'device_group_members.tenant_id'),
    )
    .select([
      'device_group_members.device_id as deviceId',
      'device_groups.id as id',
      'device_groups.name as name',
    ])
    .where('device_group_members.device_id', 'in', ids as DeviceId[])
    .orderBy('device_groups.name')
    .execute()
  for (const r of tagRows)
    tags.set(r.deviceId, [...(tags.get(r.deviceId) ?? []), { id: r.id, name: r.name }])
  for (const r of groupRows)
    groups.set(r.deviceId, [...(groups.get(r.deviceId) ?? []), { id: r.id, name: r.name }])
  return { tags, groups }
}

/** A row as views see it: credentials dropped, booleans and names resolved. */
export function toDeviceView(
  row: Omit<DeviceRow, 'username_enc' | 'password_enc' | 'tenant_id'>,
  site: LabelRef | null,
  tags: LabelRef[],
  groups: LabelRef[],
): DeviceView {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    host2: row.host2,
    apiPort: row.api_port,
    transport: row.transport,
    tlsMode: row.tls_mode,
    tlsFingerprint: row.tls_fingerprint,
    hasTlsCa: row.tls_ca_pem !== null,
    sshPort: row.ssh_port,
    sshHostKey: row.ssh_host_key,
    sshHostKeyPending: row.ssh_host_key_pending,
    site,
    tags,
    groups,
    notes: row.notes,
    latitude: row.latitude,
    longitude: row.longitude,
    isEnabled: row.is_enabled === 1,
    pollIntervalS: row.poll_interval_s,
    identity: row.identity,
    board: row.board,
    version: row.version,
    serial: row.serial,
    status: row.last_status,
    lastError: row.last_error,
    lastSeenAt: row.last_seen_at,
    lastPolledAt: row.last_polled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Full rows of the given devices (bulk credential changes), in chunks of 500. */
export async function findDeviceRowsById(
  scope: TenantScope,
  ids: readonly string[],
): Promise<DeviceRow[]> {
  const out: DeviceRow[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500) as DeviceId[]
    out.push(...(await scope.selectFrom('devices').selectAll().where('id', 'in', chunk).execute()))
  }
  return out
}
