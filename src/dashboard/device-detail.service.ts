// Data of the device page tabs: POLLER's snapshots (the latest lists a collector read), read
// typed through the fleet feed of Deps, its metrics reader (charts) and its events. The device itself is read (and its tenant checked) by
// DEVICES' getDevice before any of this runs.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceView } from '../devices/index.ts'
import { listDeviceEvents, type FleetFeed, type SnapshotData } from '../poller/index.ts'
import type { DeviceSnapshotKind } from '../db/schema-poller.ts'
import type { MetricName } from '../metrics/index.ts'
import type {
  ChartRange,
  ClientsData,
  HealthFacts,
  InterfacesData,
  NeighboursData,
  OverviewData,
} from './device-detail.types.ts'
import { chartWindow, readLabels, readPoints } from './device-series.ts'
import type { LiveSources } from './live-sources.ts'

export interface DetailCtx {
  scope: TenantScope
  /** Deps' fleet feed: the poller's typed snapshots */
  fleet: Pick<FleetFeed, 'snapshot'>
  live: LiveSources | undefined
  device: DeviceView
  now: number
}

/** How far back "current" interface rates may come from. */
const CURRENT_RATE_MS = 10 * 60_000
/** How far back the last known value of a device that stopped answering is looked for. */
const LAST_KNOWN_MS = 24 * 3_600_000
const MAX_INTERFACE_CHARTS = 24

const unitLabel = (u: string | undefined) => (u === undefined ? '' : u === 'C' ? ' °C' : ` ${u}`)

function snapshot<K extends DeviceSnapshotKind>(ctx: DetailCtx, kind: K) {
  return ctx.fleet.snapshot(ctx.scope, ctx.device.id, kind)
}

const ids = (ctx: DetailCtx) => ({
  tenantId: ctx.scope.tenantId as string,
  deviceId: ctx.device.id as string,
})

function healthFacts(
  r: Partial<SnapshotData['resource']>,
  sensors: SnapshotData['health'],
  at: number | undefined,
  sensorsAt: number | undefined,
): HealthFacts {
  const total = r.totalMemory
  const free = r.freeMemory
  const hddTotal = r.totalHddSpace
  const hddFree = r.freeHddSpace
  return {
    uptimeS: r.uptimeSeconds,
    cpuLoad: r.cpuLoadPercent,
    cpuCount: r.cpuCount,
    architecture: r.architecture,
    memUsed: total !== undefined && free !== undefined ? total - free : undefined,
    memTotal: total,
    diskUsed: hddTotal !== undefined && hddFree !== undefined ? hddTotal - hddFree : undefined,
    diskTotal: hddTotal,
    sensors: sensors.map((s) => ({
      name: s.name,
      value: `${String(s.value)}${unitLabel(s.unit)}`,
    })),
    at,
    uptimeAt: at,
    cpuAt: at,
    memAt: at,
    diskAt: at,
    sensorsAt,
  }
}

const answering = (d: DeviceView) =>
  d.isEnabled && (d.status === 'online' || d.status === 'degraded')

/**
 * The snapshot keeps CPU, memory and disk of up to 5 minutes ago (it is rewritten only on change);
 * the series have every poll, so the values and their times come from them where they exist.
 */
async function latestFromSeries(ctx: DetailCtx, facts: HealthFacts): Promise<void> {
  const id = ids(ctx)
  // the recent window reads raw samples; the long one (older data) only coarse buckets
  const last = async (metric: MetricName) =>
    (await readPoints(ctx.live, id, metric, { from: ctx.now - CURRENT_RATE_MS, to: ctx.now })).at(
      -1,
    ) ??
    (await readPoints(ctx.live, id, metric, { from: ctx.now - LAST_KNOWN_MS, to: ctx.now })).at(-1)
  const [cpu, mem, disk, up] = await Promise.all([
    last('cpu'),
    last('mem_used'),
    last('disk_used'),
    last('uptime'),
  ])
  if (cpu !== undefined) {
    facts.cpuLoad = cpu.v
    facts.cpuAt = cpu.t
  }
  if (mem !== undefined && facts.memTotal !== undefined) {
    facts.memUsed = (facts.memTotal * mem.v) / 100
    facts.memAt = mem.t
  }
  if (disk !== undefined && facts.diskTotal !== undefined) {
    facts.diskUsed = (facts.diskTotal * disk.v) / 100
    facts.diskAt = disk.t
  }
  if (up !== undefined) {
    // a device that stopped answering has no "uptime now": show the last reading, not a guess
    const current = answering(ctx.device) && ctx.now - up.t <= CURRENT_RATE_MS
    facts.uptimeS = current ? up.v + (ctx.now - up.t) / 1000 : up.v
    facts.uptimeAt = current ? (ctx.device.lastSeenAt ?? up.t) : up.t
  }
}

/** Overview tab: health facts and CPU, memory, disk and temperature charts. */
export async function loadOverview(ctx: DetailCtx, range: ChartRange): Promise<OverviewData> {
  const [resource, health] = await Promise.all([snapshot(ctx, 'resource'), snapshot(ctx, 'health')])
  const w = chartWindow(range, ctx.now, ctx.device.pollIntervalS)
  const id = ids(ctx)
  const facts = healthFacts(
    resource?.data ?? {},
    health?.data ?? [],
    resource?.updatedAt,
    health?.updatedAt,
  )
  const [, cpu, mem, disk, sensors] = await Promise.all([
    latestFromSeries(ctx, facts),
    readPoints(ctx.live, id, 'cpu', w),
    readPoints(ctx.live, id, 'mem_used', w),
    readPoints(ctx.live, id, 'disk_used', w),
    readLabels(ctx.live, id.tenantId, id.deviceId, 'temperature'),
  ])
  const temperature = await Promise.all(
    sensors.slice(0, 3).map(async (label) => ({
      label,
      points: await readPoints(ctx.live, id, 'temperature', w, label),
    })),
  )
  return { window: w, health: facts, cpu, mem, disk, temperature }
}

/** Interfaces tab: the interface list with link state, current rates and traffic charts. */
export async function loadInterfaces(ctx: DetailCtx, range: ChartRange): Promise<InterfacesData> {
  const snap = await snapshot(ctx, 'interfaces')
  const w = chartWindow(range, ctx.now, ctx.device.pollIntervalS)
  const id = ids(ctx)
  const withSeries = new Set(await readLabels(ctx.live, id.tenantId, id.deviceId, 'if_rx'))
  const recent = { from: ctx.now - CURRENT_RATE_MS, to: ctx.now }
  let charts = 0
  const none = Promise.resolve([])
  const interfaces = await Promise.all(
    (snap?.data ?? []).map(async (i) => {
      const name = i.name
      const charted = withSeries.has(name) && charts++ < MAX_INTERFACE_CHARTS
      const has = withSeries.has(name)
      const [rxNow, txNow, rxChart, txChart] = await Promise.all([
        has ? readPoints(ctx.live, id, 'if_rx', recent, name) : none,
        has ? readPoints(ctx.live, id, 'if_tx', recent, name) : none,
        charted ? readPoints(ctx.live, id, 'if_rx', w, name) : none,
        charted ? readPoints(ctx.live, id, 'if_tx', w, name) : none,
      ])
      const rx = rxNow.at(-1)
      const tx = txNow.at(-1)
      return {
        name,
        type: i.type,
        running: i.running,
        disabled: i.disabled,
        macAddress: i.macAddress,
        comment: i.comment,
        rxBps: rx?.v,
        txBps: tx?.v,
        rateAt: rx?.t ?? tx?.t,
        hasSeries: charted,
        rx: rxChart,
        tx: txChart,
      }
    }),
  )
  return { window: w, interfaces, at: snap?.updatedAt }
}

/** Clients tab: DHCP leases and wireless registrations (with signal). */
export async function loadClients(ctx: DetailCtx): Promise<ClientsData> {
  const [leases, wireless] = await Promise.all([
    snapshot(ctx, 'dhcp_leases'),
    snapshot(ctx, 'wireless'),
  ])
  return {
    leases: (leases?.data ?? []).map((l) => ({
      address: l.activeAddress ?? l.address,
      macAddress: l.macAddress,
      hostName: l.hostName,
      server: l.server,
      status: l.status,
      dynamic: l.dynamic,
      expiresAfterS: l.expiresAfterSeconds,
    })),
    wireless: (wireless?.data ?? []).map((r) => ({
      interface: r.interface,
      macAddress: r.macAddress,
      ssid: r.ssid,
      signal: r.signal,
      signalToNoise: r.signalToNoise,
      txRate: r.txRate,
      rxRate: r.rxRate,
      uptimeS: r.uptimeSeconds,
      lastIp: r.lastIp,
    })),
    leasesAt: leases?.updatedAt,
    wirelessAt: wireless?.updatedAt,
    hasWireless: wireless !== undefined,
  }
}

/** Neighbours tab: what the device discovered (MNDP/CDP/LLDP). */
export async function loadNeighbours(ctx: DetailCtx): Promise<NeighboursData> {
  const snap = await snapshot(ctx, 'neighbours')
  return {
    neighbours: (snap?.data ?? []).map((n) => ({
      interfaces: n.interfaces,
      address: n.address,
      macAddress: n.macAddress,
      identity: n.identity,
      platform: n.platform,
      board: n.board,
      version: n.version,
      discoveredBy: n.discoveredBy,
    })),
    at: snap?.updatedAt,
  }
}

/** Events tab: the device's events, newest first. */
export async function loadEvents(ctx: DetailCtx, limit = 200, before?: { at: number; id: string }) {
  const rows = await listDeviceEvents(ctx.scope, {
    deviceId: ctx.device.id,
    limit,
    ...(before ? { before } : {}),
  })
  return rows.map((e) => ({
    id: e.id,
    deviceId: e.device_id,
    at: e.at,
    kind: e.kind,
    message: e.message,
  }))
}
