// The device table's query: filters, server-side sort and paging for 10,000-device tenants.
// Each sort key is served by an index that leads with tenant_id (see migration 0002); the
// page's sites come from a join and its tags/groups from two batched queries (no N+1).
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely'
import type { DeviceStatus } from '../db/schema-devices.ts'
import { containsText } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceListQuery } from './devices.schema.ts'
import type { DeviceFilterOptions, DevicePage } from './devices.types.ts'
import { labelsOfDevices, toDeviceView } from './devices.repo.ts'
import { listLabelRefs } from '../labels/index.ts'

type Filters = Pick<DeviceListQuery, 'q' | 'status' | 'site' | 'tag' | 'group' | 'version'>
type DevicesQb<O> = SelectQueryBuilder<Database, 'devices', O>

const SEARCHED = ['devices.name', 'devices.host', 'devices.identity'] as const

/**
 * Substring search on name, host and identity. LIKE is case-insensitive for ASCII and cheaper
 * than containsText(); a term with LIKE wildcards (% or _) uses containsText() so they match literally.
 */
function searchTerm(eb: ExpressionBuilder<Database, 'devices'>, term: string) {
  if (/[%_]/.test(term)) {
    return eb.or(SEARCHED.map((col) => containsText(eb.ref(col), term)))
  }
  return eb.or(SEARCHED.map((col) => eb(col, 'like', `%${term}%`)))
}

function applyFilters<O>(scope: TenantScope, qb: DevicesQb<O>, f: Filters): DevicesQb<O> {
  let q = qb
  const term = f.q.trim().toLowerCase()
  if (term !== '') q = q.where((eb) => searchTerm(eb, term))
  if (f.status === 'disabled') q = q.where('devices.is_enabled', '=', 0)
  else if (f.status !== null) {
    q = q
      .where('devices.last_status', '=', f.status as DeviceStatus)
      .where('devices.is_enabled', '=', 1)
  }
  if (f.site !== null) q = q.where('devices.site_id', '=', f.site as never)
  if (f.version !== null) q = q.where('devices.version', '=', f.version)
  const tenantId = scope.tenantId
  if (f.tag !== null) {
    const tag = f.tag
    // IN (subquery) walks the (tenant_id, tag_id, device_id) index once instead of probing
    // the links table for every device.
    q = q.where('devices.id', 'in', (eb) =>
      eb
        .selectFrom('device_tags')
        .select('device_tags.device_id')
        .where('device_tags.tenant_id', '=', tenantId)
        .where('device_tags.tag_id', '=', tag as never),
    )
  }
  if (f.group !== null) {
    const group = f.group
    q = q.where('devices.id', 'in', (eb) =>
      eb
        .selectFrom('device_group_members')
        .select('device_group_members.device_id')
        .where('device_group_members.tenant_id', '=', tenantId)
        .where('device_group_members.group_id', '=', group as never),
    )
  }
  return q
}

const SORT_COLUMN = {
  name: 'devices.name',
  host: 'devices.host',
  status: 'devices.last_status',
  version: 'devices.version',
  site: 'sites.name',
  last_seen: 'devices.last_seen_at',
} as const

/** One page of the device table. */
export async function listDevicePage(
  scope: TenantScope,
  query: DeviceListQuery,
): Promise<DevicePage> {
  const countRow = await applyFilters(scope, scope.selectFrom('devices'), query)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const total = Number(countRow.n)
  const pageCount = Math.max(1, Math.ceil(total / query.per_page))
  const page = Math.min(query.page, pageCount)
  const rows = await applyFilters(scope, scope.selectFrom('devices'), query)
    .leftJoin('sites', (j) =>
      j
        .onRef('sites.id', '=', 'devices.site_id')
        .onRef('sites.tenant_id', '=', 'devices.tenant_id'),
    )
    // edge appliances (issue 20): the edge a device is polled by, for the "via edge" mark
    .leftJoin('edges', (j) =>
      j
        .onRef('edges.id', '=', 'devices.edge_id')
        .onRef('edges.tenant_id', '=', 'devices.tenant_id'),
    )
    .selectAll('devices')
    .select(['sites.name as site_name', 'edges.name as edge_name'])
    .orderBy(SORT_COLUMN[query.sort], query.dir)
    .orderBy('devices.name', query.dir)
    .orderBy('devices.id')
    .limit(query.per_page)
    .offset((page - 1) * query.per_page)
    .execute()
  const { tags, groups } = await labelsOfDevices(
    scope,
    rows.map((r) => r.id),
  )
  return {
    total,
    pageCount,
    query: { ...query, page },
    rows: rows.map((r) => ({
      ...toDeviceView(
        r,
        r.site_id !== null ? { id: r.site_id, name: r.site_name ?? '' } : null,
        tags.get(r.id) ?? [],
        groups.get(r.id) ?? [],
      ),
      viaEdge: r.edge_name,
    })),
  }
}

/** True when the tenant has at least one device. */
export async function hasDevices(scope: TenantScope): Promise<boolean> {
  const row = await scope.selectFrom('devices').select('id').limit(1).executeTakeFirst()
  return row !== undefined
}

/** Choices for the filter dropdowns. */
export async function deviceFilterOptions(scope: TenantScope): Promise<DeviceFilterOptions> {
  const [sites, tags, groups, versions] = await Promise.all([
    listLabelRefs(scope, 'sites'),
    listLabelRefs(scope, 'tags'),
    listLabelRefs(scope, 'groups'),
    scope
      .selectFrom('devices')
      .select('version')
      .distinct()
      .where('version', 'is not', null)
      .orderBy('version')
      .limit(200)
      .execute(),
  ])
  return { sites, tags, groups, versions: versions.map((v) => v.version ?? '') }
}

/** Ids of every device matching the table's filters (bulk "all N matching"), at most `limit`. */
export async function listMatchingDeviceIds(
  scope: TenantScope,
  filters: Filters,
  limit: number,
): Promise<string[]> {
  const rows = await applyFilters(scope, scope.selectFrom('devices'), filters)
    .select('devices.id')
    .orderBy('devices.id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}
