// Reading a device's syslog lines: newest first, with FTS5 full-text search over the message
// (device_log_search, external content over device_logs), a severity floor, a time range and a
// keyset cursor. The FTS-specific SQL lives here, in the db layer. Tenant-scoped: the outer query
// goes through the scope (the guard checks it), and the FTS subquery only narrows its rows.
import { sql, type Selectable } from 'kysely'
import { fullTextMatch } from './dialect.ts'
import type { DeviceLogsTable } from './schema-maintenance-syslog.ts'
import type { DeviceId } from './schema-devices.ts'
import type { TenantScope } from './tenant-scope.ts'

export type DeviceLogRow = Selectable<DeviceLogsTable>

export interface DeviceLogQuery {
  /** an FTS5 expression built by toLogFtsQuery */
  fts?: string | undefined
  /** keep lines of this severity or worse (0 emergency … 7 debug) */
  maxSeverity?: number | undefined
  from?: number | undefined
  to?: number | undefined
  /** keyset cursor: lines strictly older than this (at, id) */
  before?: { at: number; id: number } | undefined
  limit: number
}

/**
 * Words of a search box as an FTS5 query: each word a quoted phrase (so `10.0.0.1` or `ether1-gw`
 * match literally and no FTS5 operator can be injected), all required; a trailing `*` keeps its
 * prefix meaning. Undefined when nothing searchable is left.
 * @example toLogFtsQuery('login fail*') // '"login" "fail"*'
 */
export function toLogFtsQuery(q: string): string | undefined {
  const terms = q
    .trim()
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, 8)
  if (terms.length === 0) return undefined
  return terms
    .map((t) => {
      const prefix = t.endsWith('*')
      const word = (prefix ? t.slice(0, -1) : t).replaceAll('"', '""')
      return prefix ? `"${word}"*` : `"${word}"`
    })
    .join(' ')
}

/**
 * @example await listDeviceLogs(scope, deviceId, { fts: toLogFtsQuery('dhcp'), maxSeverity: 4, limit: 100 })
 */
export function listDeviceLogs(
  scope: TenantScope,
  deviceId: DeviceId,
  q: DeviceLogQuery,
): Promise<DeviceLogRow[]> {
  let query = scope.selectFrom('device_logs').selectAll().where('device_id', '=', deviceId)
  if (q.maxSeverity !== undefined) query = query.where('severity', '<=', q.maxSeverity)
  if (q.from !== undefined) query = query.where('at', '>=', q.from)
  if (q.to !== undefined) query = query.where('at', '<', q.to)
  const b = q.before
  if (b !== undefined)
    query = query.where((e) =>
      e.or([e('at', '<', b.at), e.and([e('at', '=', b.at), e('id', '<', b.id)])]),
    )
  if (q.fts !== undefined) {
    const fts = q.fts
    // `msg MATCH` (a column filter) keeps the table name out of raw SQL, which the tenant guard
    // refuses; on PostgreSQL device_log_search is a view over device_logs (rowid = id)
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('device_log_search')
        .select(sql<number>`rowid`.as('rowid'))
        .where('tenant_id', '=', scope.tenantId)
        .where(fullTextMatch('msg', fts)),
    )
  }
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
}
