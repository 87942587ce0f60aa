// Helpers for routes (pages and API) of the backups domain: who may reveal secrets, and the
// device names of search hits. Kept free of hono so services stay transport-agnostic.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { searchConfigs, type BackupCtx } from './backups.service.ts'

/** Search hits with each device's name (the index keeps ids only). */
export async function searchWithNames(
  ctx: BackupCtx,
  q: string,
): Promise<
  {
    deviceId: DeviceId
    deviceName: string
    backupId: string
    lines: { n: number; text: string }[]
  }[]
> {
  const hits = await searchConfigs(ctx, q)
  const names = await deviceNames(
    ctx.scope,
    hits.map((h) => h.deviceId),
  )
  return hits.map((h) => ({ ...h, deviceName: names.get(h.deviceId) ?? h.deviceId }))
}

async function deviceNames(scope: TenantScope, ids: DeviceId[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await scope
    .selectFrom('devices')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}
