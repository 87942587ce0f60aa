// The cross-customer view's queries. Each takes ONE tenant's scope (the service runs them once
// per membership and merges): no query here ever reads two tenants at once.
import type { ExpressionBuilder } from 'kysely'
import { containsText } from '../db/dialect.ts'
import type { DeviceStatus } from '../db/schema-devices.ts'
import type { Database } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { OverviewDeviceQuery, OverviewEventQuery } from './overview.schema.ts'
import type { OverviewDevice, OverviewEvent, StatusCounts } from './overview.types.ts'

type DeviceFilter = Pick<OverviewDeviceQuery, 'q' | 'status'>

const ATTENTION: DeviceStatus[] = ['offline', 'auth_failed', 'degraded']

function matches(eb: ExpressionBuilder<Database, 'devices'>, f: DeviceFilter) {
  const parts = []
  const term = f.q.trim()
  if (term !== '') {
    // a term with LIKE wildcards is matched literally (containsText), as on the device table
    const cols = ['devices.name', 'devices.host', 'devices.identity'] as const
    parts.push(
      eb.or(
        cols.map((c) =>
          /[%_]/.test(term) ? containsText(eb.ref(c), term) : eb(c, 'like', `%${term}%`),
        ),
      ),
    )
  }
  if (f.status === 'disabled') parts.push(eb('devices.is_enabled', '=', 0))
  else if (f.status === 'attention') {
    parts.push(eb('devices.is_enabled', '=', 1), eb('devices.last_status', 'in', ATTENTION))
  } else if (f.status !== null) {
    parts.push(eb('devices.is_enabled', '=', 1), eb('devices.last_status', '=', f.status))
  }
  return eb.and(parts)
}

/** Devices of the tenant by status (one grouped query on the tenant's index). */
export async function countByStatus(scope: TenantScope): Promise<StatusCounts> {
  const rows = await scope
    .selectFrom('devices')
    .select(['devices.last_status', 'devices.is_enabled'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['devices.last_status', 'devices.is_enabled'])
    .execute()
  const counts: StatusCounts = {
    total: 0,
    online: 0,
    degraded: 0,
    offline: 0,
    auth_failed: 0,
    unknown: 0,
    disabled: 0,
  }
  for (const r of rows) {
    const n = Number(r.n)
    counts.total += n
    counts[r.is_enabled === 1 ? r.last_status : 'disabled'] += n
  }
  return counts
}

export async function countDevices(scope: TenantScope, f: DeviceFilter): Promise<number> {
  const row = await scope
    .selectFrom('devices')
    .where((eb) => matches(eb, f))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The first `limit` matching devices after `offset`, by name. */
export async function listDevicesByName(
  scope: TenantScope,
  f: DeviceFilter,
  limit: number,
  offset = 0,
): Promise<OverviewDevice[]> {
  const rows = await scope
    .selectFrom('devices')
    .where((eb) => matches(eb, f))
    .select([
      'devices.id',
      'devices.name',
      'devices.host',
      'devices.api_port',
      'devices.last_status',
      'devices.is_enabled',
      'devices.last_seen_at',
      'devices.last_error',
    ])
    .orderBy('devices.name')
    .orderBy('devices.id')
    .limit(limit)
    .offset(offset)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    host: r.host,
    apiPort: r.api_port,
    status: r.last_status,
    isEnabled: r.is_enabled === 1,
    lastSeenAt: r.last_seen_at,
    lastError: r.last_error,
  }))
}

/** Newest events first, at most `limit`, older than the cursor `before` ({at, id}). */
export async function listEventsBefore(
  scope: TenantScope,
  f: Pick<OverviewEventQuery, 'q' | 'kind'>,
  before: { at: number; id: string } | undefined,
  limit: number,
): Promise<OverviewEvent[]> {
  let qb = scope
    .selectFrom('device_events')
    .innerJoin('devices', (j) =>
      j
        .onRef('devices.id', '=', 'device_events.device_id')
        .onRef('devices.tenant_id', '=', 'device_events.tenant_id'),
    )
    .select([
      'device_events.id',
      'device_events.device_id',
      'devices.name',
      'device_events.at',
      'device_events.kind',
      'device_events.message',
    ])
  if (f.kind !== null) qb = qb.where('device_events.kind', '=', f.kind)
  const term = f.q.trim()
  if (term !== '') qb = qb.where((eb) => containsText(eb.ref('devices.name'), term))
  if (before) {
    qb = qb.where((eb) =>
      eb.or([
        eb('device_events.at', '<', before.at),
        eb.and([eb('device_events.at', '=', before.at), eb('device_events.id', '<', before.id)]),
      ]),
    )
  }
  const rows = await qb
    .orderBy('device_events.at', 'desc')
    .orderBy('device_events.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    deviceId: r.device_id,
    deviceName: r.name,
    at: r.at,
    kind: r.kind,
    message: r.message,
  }))
}

export async function findDeviceName(scope: TenantScope, id: string): Promise<string | undefined> {
  const row = await scope
    .selectFrom('devices')
    .select('devices.name')
    .where('devices.id', '=', id as never)
    .executeTakeFirst()
  return row?.name
}
