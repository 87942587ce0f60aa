// The tenant's event history (issue 15): every device event, filtered by device name, kind and
// time, newest first, in numbered pages. Reads device_events through its (tenant_id, at) index.
import { z } from 'zod'
import { containsText } from '../db/dialect.ts'
import type { DeviceEventKind } from '../db/schema-poller.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export const EVENT_KINDS = [
  'came_online',
  'went_offline',
  'auth_failed',
  'rebooted',
  'version_changed',
  'identity_changed',
  'host_key_changed',
  'config_change_lost',
  'config_changed',
] as const satisfies readonly DeviceEventKind[]

export const EVENT_SINCE = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const
export const EVENTS_PER_PAGE = 50

const blank = (v: unknown) => (v === '' || v === undefined ? undefined : v)

/** Query of GET /events; anything unknown falls back to "no filter" (a page link never breaks). */
export const eventHistoryQuerySchema = z.object({
  device: z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(100))
    .catch(''),
  kind: z.preprocess(blank, z.enum(EVENT_KINDS).optional()).catch(undefined),
  since: z.preprocess(blank, z.enum(['1h', '24h', '7d', '30d']).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type EventHistoryQuery = z.infer<typeof eventHistoryQuerySchema>

export interface EventHistoryRow {
  id: string
  deviceId: string
  name: string
  at: number
  kind: DeviceEventKind
  message: string
}

export interface EventHistoryPage {
  rows: EventHistoryRow[]
  total: number
  page: number
  pageCount: number
  query: EventHistoryQuery
}

function filtered(scope: TenantScope, q: EventHistoryQuery, now: number) {
  let sel = scope
    .selectFrom('device_events')
    .innerJoin('devices', (j) =>
      j
        .onRef('devices.id', '=', 'device_events.device_id')
        .onRef('devices.tenant_id', '=', 'device_events.tenant_id'),
    )
  if (q.kind !== undefined) sel = sel.where('device_events.kind', '=', q.kind)
  if (q.since !== undefined) sel = sel.where('device_events.at', '>=', now - EVENT_SINCE[q.since])
  // LIKE is cheap and case-insensitive; a name with LIKE wildcards matches them literally
  const name = q.device
  if (name !== '')
    sel = sel.where((eb) =>
      /[%_]/.test(name)
        ? containsText(eb.ref('devices.name'), name)
        : eb('devices.name', 'like', `%${name}%`),
    )
  return sel
}

/** One page of the history, newest first. */
export async function eventHistory(
  scope: TenantScope,
  q: EventHistoryQuery,
  now: number,
): Promise<EventHistoryPage> {
  // without a name filter the count needs no join (events go with their device): index only
  let counted = scope.selectFrom('device_events')
  if (q.kind !== undefined) counted = counted.where('kind', '=', q.kind)
  if (q.since !== undefined) counted = counted.where('at', '>=', now - EVENT_SINCE[q.since])
  const count = await (q.device === '' ? counted : filtered(scope, q, now))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const total = Number(count.n)
  const pageCount = Math.max(1, Math.ceil(total / EVENTS_PER_PAGE))
  const page = Math.min(q.page, pageCount)
  const rows = await filtered(scope, q, now)
    .select([
      'device_events.id',
      'device_events.device_id',
      'device_events.at',
      'device_events.kind',
      'device_events.message',
      'devices.name',
    ])
    .orderBy('device_events.at', 'desc')
    .orderBy('device_events.id', 'desc')
    .limit(EVENTS_PER_PAGE)
    .offset((page - 1) * EVENTS_PER_PAGE)
    .execute()
  return {
    rows: rows.map((r) => ({
      id: r.id,
      deviceId: r.device_id,
      name: r.name,
      at: r.at,
      kind: r.kind,
      message: r.message,
    })),
    total,
    page,
    pageCount,
    query: { ...q, page },
  }
}
