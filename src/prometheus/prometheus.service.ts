// Fleet and per-device gauges for Prometheus, for every active tenant of the appliance (the
// scrape token is appliance-wide, like the Prometheus server that holds it). Each tenant's rows are
// read through its own TenantScope; headline values come from the poller's memory, uptime from the
// latest resource snapshot.
import type { LiveSources } from '../dashboard/index.ts'
import type { DeviceStatus } from '../db/schema-devices.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import type { Family, Sample } from './prometheus-text.ts'
import { listActiveTenants, listEnabledDevices, listResourceSnapshots } from './prometheus.repo.ts'

const STATUSES: readonly DeviceStatus[] = [
  'online',
  'degraded',
  'offline',
  'auth_failed',
  'unknown',
]

export interface PrometheusDeps {
  db: GlobalDb
  scopeOf: (tenantId: TenantId) => TenantScope
  live: LiveSources | undefined
  now: number
}

type Gauges = Record<
  'count' | 'up' | 'status' | 'cpu' | 'mem' | 'traffic' | 'uptime' | 'age' | 'seen',
  Sample[]
>

function uptimeOf(json: string, updatedAt: number, now: number): number | undefined {
  const v = (JSON.parse(json) as { uptimeSeconds?: unknown }).uptimeSeconds
  return typeof v === 'number' ? Math.round(v + (now - updatedAt) / 1000) : undefined
}

async function collectTenant(
  g: Gauges,
  d: PrometheusDeps,
  tenant: { id: TenantId; name: string },
): Promise<void> {
  const scope = d.scopeOf(tenant.id)
  const [devices, resources] = await Promise.all([
    listEnabledDevices(scope),
    listResourceSnapshots(scope),
  ])
  const latest = new Map((d.live?.latestOf(tenant.id) ?? []).map((e) => [e.deviceId, e.latest]))
  const uptime = new Map(
    resources.map((r) => [r.device_id, uptimeOf(r.data_json, r.updated_at, d.now)]),
  )
  const counts = new Map<DeviceStatus, number>(STATUSES.map((s) => [s, 0]))
  for (const dev of devices) {
    counts.set(dev.last_status, (counts.get(dev.last_status) ?? 0) + 1)
    const labels = { tenant: tenant.name, device: dev.name, device_id: dev.id }
    const up = dev.last_status === 'online' || dev.last_status === 'degraded'
    g.up.push({ labels, value: up ? 1 : 0 })
    for (const s of STATUSES)
      g.status.push({ labels: { ...labels, status: s }, value: s === dev.last_status ? 1 : 0 })
    const l = latest.get(dev.id)
    if (l?.cpu !== undefined) g.cpu.push({ labels, value: l.cpu })
    if (l?.memUsed !== undefined) g.mem.push({ labels, value: l.memUsed })
    if (l?.trafficBps !== undefined) g.traffic.push({ labels, value: l.trafficBps })
    const u = uptime.get(dev.id)
    if (u !== undefined && up) g.uptime.push({ labels, value: u })
    if (dev.last_polled_at !== null)
      g.age.push({ labels, value: Math.max(0, (d.now - dev.last_polled_at) / 1000) })
    if (dev.last_seen_at !== null)
      g.seen.push({ labels, value: Math.floor(dev.last_seen_at / 1000) })
  }
  for (const [s, n] of counts)
    g.count.push({ labels: { tenant: tenant.name, status: s }, value: n })
}

/** Every metric family of the scrape. */
export async function collectPrometheus(d: PrometheusDeps): Promise<Family[]> {
  const g: Gauges = {
    count: [],
    up: [],
    status: [],
    cpu: [],
    mem: [],
    traffic: [],
    uptime: [],
    age: [],
    seen: [],
  }
  for (const tenant of await listActiveTenants(d.db)) await collectTenant(g, d, tenant)
  const gauge = (name: string, help: string, samples: Sample[]): Family => ({
    name,
    help,
    type: 'gauge',
    samples,
  })
  return [
    gauge('outpost_devices', 'Enabled devices by tenant and status.', g.count),
    gauge(
      'outpost_device_up',
      '1 when the last poll reached the device (online or degraded).',
      g.up,
    ),
    gauge(
      'outpost_device_status',
      "1 for the device's current status, 0 for the others.",
      g.status,
    ),
    gauge('outpost_device_cpu_load_percent', 'CPU load at the last poll.', g.cpu),
    gauge('outpost_device_memory_used_percent', 'Memory in use at the last poll.', g.mem),
    gauge(
      'outpost_device_traffic_bits_per_second',
      'Sum of receive and transmit rates over all interfaces.',
      g.traffic,
    ),
    gauge('outpost_device_uptime_seconds', 'Device uptime (reachable devices).', g.uptime),
    gauge(
      'outpost_device_last_poll_age_seconds',
      'Seconds since the last poll attempt finished.',
      g.age,
    ),
    gauge(
      'outpost_device_last_seen_timestamp_seconds',
      'Unix time of the last successful poll.',
      g.seen,
    ),
  ]
}
