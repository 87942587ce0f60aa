import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { listDeviceEvents, type DeviceStatus, type LatestValues } from '../poller/index.ts'

export interface TopEntry {
  deviceId: string
  name: string
  value: number
}

export interface FleetSummary {
  total: number
  counts: Record<DeviceStatus, number>
  /** Enabled devices that are not fully online, worst first. */
  attention: {
    deviceId: string
    name: string
    status: DeviceStatus
    lastError: string | null
    lastSeenAt: number | null
  }[]
  topCpu: TopEntry[]
  topMemory: TopEntry[]
  topTraffic: TopEntry[]
  events: {
    id: string
    deviceId: string
    name: string
    at: number
    kind: string
    message: string
  }[]
}

const SEVERITY: Record<DeviceStatus, number> = {
  auth_failed: 0,
  offline: 1,
  degraded: 2,
  unknown: 3,
  online: 4,
}

/**
 * Everything the fleet dashboard shows for one tenant: counts by status, devices needing
 * attention, top CPU/memory/traffic (from the poller's in-memory latest values, no sample scan)
 * and recent events. A handful of indexed queries whatever the fleet size.
 */
export async function fleetSummary(
  scope: TenantScope,
  latest: readonly { deviceId: string; latest: LatestValues }[],
  opts: { top?: number; attention?: number; events?: number } = {},
): Promise<FleetSummary> {
  const counts: Record<DeviceStatus, number> = {
    unknown: 0,
    online: 0,
    degraded: 0,
    offline: 0,
    auth_failed: 0,
  }
  const rows = await scope
    .selectFrom('devices')
    .select(['last_status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('is_enabled', '=', 1)
    .groupBy('last_status')
    .execute()
  for (const r of rows) counts[r.last_status] = Number(r.n)
  const attention = await scope
    .selectFrom('devices')
    .select(['id', 'name', 'last_status', 'last_error', 'last_seen_at'])
    .where('is_enabled', '=', 1)
    .where('last_status', 'in', ['auth_failed', 'offline', 'degraded'])
    .orderBy('last_seen_at')
    .limit(opts.attention ?? 10)
    .execute()
  attention.sort((a, b) => SEVERITY[a.last_status] - SEVERITY[b.last_status])
  const top = opts.top ?? 5
  const pick = (f: (l: LatestValues) => number | undefined) =>
    latest
      .map((e) => ({ deviceId: e.deviceId, value: f(e.latest) }))
      .filter((e): e is { deviceId: string; value: number } => e.value !== undefined)
      .sort((a, b) => b.value - a.value)
      .slice(0, top)
  const cpu = pick((l) => l.cpu)
  const mem = pick((l) => l.memUsed)
  const traffic = pick((l) => l.trafficBps)
  const events = await listDeviceEvents(scope, { limit: opts.events ?? 20 })
  const names = await namesOf(scope, [
    ...cpu,
    ...mem,
    ...traffic,
    ...events.map((e) => ({ deviceId: e.device_id })),
  ])
  const named = (list: { deviceId: string; value: number }[]) =>
    list.map((e) => ({ ...e, name: names.get(e.deviceId) ?? '?' }))
  return {
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    attention: attention.map((a) => ({
      deviceId: a.id,
      name: a.name,
      status: a.last_status,
      lastError: a.last_error,
      lastSeenAt: a.last_seen_at,
    })),
    topCpu: named(cpu),
    topMemory: named(mem),
    topTraffic: named(traffic),
    events: events.map((e) => ({
      id: e.id,
      deviceId: e.device_id,
      name: names.get(e.device_id) ?? '?',
      at: e.at,
      kind: e.kind,
      message: e.message,
    })),
  }
}

async function namesOf(
  scope: TenantScope,
  refs: { deviceId: string }[],
): Promise<Map<string, string>> {
  const ids = [...new Set(refs.map((r) => r.deviceId))]
  if (ids.length === 0) return new Map()
  const rows = await scope
    .selectFrom('devices')
    .select(['id', 'name'])
    .where('id', 'in', ids as DeviceId[])
    .execute()
  return new Map(rows.map((r) => [r.id as string, r.name]))
}
