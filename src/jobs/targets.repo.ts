// The devices a job runs on, from the selection a user gave (ids, tags, site, all), with the
// fields templates may use. Tenant-scoped: another tenant's device id simply is not found.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceId } from '../db/schema-devices.ts'

export interface TargetDevice {
  id: DeviceId
  name: string
  host: string
  identity: string | null
  version: string | null
  board: string | null
  serial: string | null
  site: string | null
  tags: string[]
}

export interface TargetSelection {
  deviceIds?: string[] | undefined
  tags?: string[] | undefined
  site?: string | undefined
  all?: boolean | undefined
}

/** Devices of the tenant by id (unknown ids are left out: the caller reports them). */
export async function selectDevices(
  scope: TenantScope,
  sel: TargetSelection,
): Promise<TargetDevice[]> {
  let q = scope
    .selectFrom('devices')
    .leftJoin('sites', (j) =>
      j
        .onRef('sites.id', '=', 'devices.site_id')
        .onRef('sites.tenant_id', '=', 'devices.tenant_id'),
    )
    .select([
      'devices.id',
      'devices.name',
      'devices.host',
      'devices.identity',
      'devices.version',
      'devices.board',
      'devices.serial',
      'sites.name as site',
    ])
  if (!sel.all) {
    if (sel.deviceIds !== undefined)
      q = q.where(
        'devices.id',
        'in',
        sel.deviceIds.length > 0 ? (sel.deviceIds as DeviceId[]) : ['' as DeviceId],
      )
    if (sel.site !== undefined) {
      const site = sel.site
      q = q.where((eb) => eb.or([eb('sites.id', '=', site as never), eb('sites.name', '=', site)]))
    }
  }
  const rows = await q.orderBy('devices.name').orderBy('devices.id').execute()
  const tags = await tagsOf(scope)
  let out = rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] }))
  if (!sel.all && sel.tags !== undefined && sel.tags.length > 0) {
    const want = new Set(sel.tags.map((t) => t.toLowerCase()))
    const ids = await tagIds(scope)
    out = out.filter((d) =>
      d.tags.some((t) => want.has(t.toLowerCase()) || want.has((ids.get(t) ?? '').toLowerCase())),
    )
  }
  return out
}

async function tagsOf(scope: TenantScope): Promise<Map<string, string[]>> {
  const rows = await scope
    .selectFrom('device_tags')
    .innerJoin('tags', (j) =>
      j
        .onRef('tags.id', '=', 'device_tags.tag_id')
        .onRef('tags.tenant_id', '=', 'device_tags.tenant_id'),
    )
    .select(['device_tags.device_id', 'tags.name'])
    .execute()
  const m = new Map<string, string[]>()
  for (const r of rows) m.set(r.device_id, [...(m.get(r.device_id) ?? []), r.name])
  return m
}

/** tag name → id, so a selection may name tags either way */
async function tagIds(scope: TenantScope): Promise<Map<string, string>> {
  const rows = await scope.selectFrom('tags').select(['id', 'name']).execute()
  return new Map(rows.map((r) => [r.name, r.id]))
}
