// Data of the device page tabs: POLLER's snapshots (the latest lists a collector read), its
// metrics reader (charts) and its events. The device itself is read (and its tenant checked) by
// DEVICES' getDevice before any of this runs.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceView } from '../devices/index.ts'
import { findSnapshot, listDeviceEvents } from '../poller/index.ts'
import type { DeviceSnapshotKind } from '../db/schema-poller.ts'
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
import { bool, num, parseList, parseObject, str, strs } from './snapshot-fields.ts'

export interface DetailCtx {
  scope: TenantScope
  live: LiveSources | undefined
  device: DeviceView
  now: number
}

/** How far back "current" interface rates may come from. */
const CURRENT_RATE_MS = 10 * 60_000
const MAX_INTERFACE_CHARTS = 24

const unitLabel = (u: string | undefined) => (u === undefined ? '' : u === 'C' ? ' °C' : ` ${u}`)

async function snapshot(ctx: DetailCtx, kind: DeviceSnapshotKind) {
  return findSnapshot(ctx.scope, ctx.device.id, kind)
}

const ids = (ctx: DetailCtx) => ({ tenantId: ctx.scope.tenantId as string, deviceId: ctx.device.id as string })

function healthFacts(resource: Record<string, unknown> | undefined, sensors: Record<string, unknown>[], at: number | undefined): HealthFacts {
  const r = resource ?? {}
  const total = num(r, 'totalMemory')
  const free = num(r, 'freeMemory')
  const hddTotal = num(r, 'totalHddSpace')
  const hddFree = num(r, 'freeHddSpace')
  return {
    uptimeS: num(r, 'uptimeSeconds'),
    cpuLoad: num(r, 'cpuLoadPercent'),
    cpuCount: num(r, 'cpuCount'),
    architecture: str(r, 'architecture'),
    memUsed: total !== undefined && free !== undefined ? total - free : undefined,
    memTotal: total,
    diskUsed: hddTotal !== undefined && hddFree !== undefined ? hddTotal - hddFree : undefined,
    diskTotal: hddTotal,
    sensors: sensors.map((s) => ({ name: str(s, 'name') ?? '?', value: `${String(s.value ?? '')}${unitLabel(str(s, 'unit'))}` })),
    at,
  }
}

/** Overview tab: health facts and CPU, memory, disk and temperature charts. */
export async function loadOverview(ctx: DetailCtx, range: ChartRange): Promise<OverviewData> {
  const [resource, health] = await Promise.all([snapshot(ctx, 'resource'), snapshot(ctx, 'health')])
  const w = chartWindow(range, ctx.now, ctx.device.pollIntervalS)
  const id = ids(ctx)
  const facts = healthFacts(parseObject(resource?.data_json), parseList(health?.data_json), resource?.updated_at)
  // the snapshot is rewritten only on change; the uptime series has every poll
  const up = readPoints(ctx.live, id, 'uptime', { from: ctx.now - CURRENT_RATE_MS, to: ctx.now }).at(-1)
  if (up !== undefined) facts.uptimeS = up.v + (ctx.now - up.t) / 1000
  return {
    window: w,
    health: facts,
    cpu: readPoints(ctx.live, id, 'cpu', w),
    mem: readPoints(ctx.live, id, 'mem_used', w),
    disk: readPoints(ctx.live, id, 'disk_used', w),
    temperature: readLabels(ctx.live, id.tenantId, id.deviceId, 'temperature')
      .slice(0, 3)
      .map((label) => ({ label, points: readPoints(ctx.live, id, 'temperature', w, label) })),
  }
}

/** Interfaces tab: the interface list with link state, current rates and traffic charts. */
export async function loadInterfaces(ctx: DetailCtx, range: ChartRange): Promise<InterfacesData> {
  const snap = await snapshot(ctx, 'interfaces')
  const w = chartWindow(range, ctx.now, ctx.device.pollIntervalS)
  const id = ids(ctx)
  const withSeries = new Set(readLabels(ctx.live, id.tenantId, id.deviceId, 'if_rx'))
  const recent = { from: ctx.now - CURRENT_RATE_MS, to: ctx.now }
  let charts = 0
  const interfaces = parseList(snap?.data_json).map((i) => {
    const name = str(i, 'name') ?? '?'
    const charted = withSeries.has(name) && charts++ < MAX_INTERFACE_CHARTS
    return {
      name,
      type: str(i, 'type'),
      running: bool(i, 'running'),
      disabled: bool(i, 'disabled'),
      macAddress: str(i, 'macAddress'),
      comment: str(i, 'comment'),
      rxBps: withSeries.has(name) ? readPoints(ctx.live, id, 'if_rx', recent, name).at(-1)?.v : undefined,
      txBps: withSeries.has(name) ? readPoints(ctx.live, id, 'if_tx', recent, name).at(-1)?.v : undefined,
      hasSeries: charted,
      rx: charted ? readPoints(ctx.live, id, 'if_rx', w, name) : [],
      tx: charted ? readPoints(ctx.live, id, 'if_tx', w, name) : [],
    }
  })
  return { window: w, interfaces, at: snap?.updated_at }
}

/** Clients tab: DHCP leases and wireless registrations (with signal). */
export async function loadClients(ctx: DetailCtx): Promise<ClientsData> {
  const [leases, wireless] = await Promise.all([snapshot(ctx, 'dhcp_leases'), snapshot(ctx, 'wireless')])
  return {
    leases: parseList(leases?.data_json).map((l) => ({
      address: str(l, 'activeAddress') ?? str(l, 'address'),
      macAddress: str(l, 'macAddress'),
      hostName: str(l, 'hostName'),
      server: str(l, 'server'),
      status: str(l, 'status'),
      dynamic: bool(l, 'dynamic'),
      expiresAfterS: num(l, 'expiresAfterSeconds'),
    })),
    wireless: parseList(wireless?.data_json).map((r) => ({
      interface: str(r, 'interface'),
      macAddress: str(r, 'macAddress'),
      ssid: str(r, 'ssid'),
      signal: num(r, 'signal'),
      signalToNoise: num(r, 'signalToNoise'),
      txRate: str(r, 'txRate'),
      rxRate: str(r, 'rxRate'),
      uptimeS: num(r, 'uptimeSeconds'),
      lastIp: str(r, 'lastIp'),
    })),
    leasesAt: leases?.updated_at,
    wirelessAt: wireless?.updated_at,
    hasWireless: wireless !== undefined,
  }
}

/** Neighbours tab: what the device discovered (MNDP/CDP/LLDP). */
export async function loadNeighbours(ctx: DetailCtx): Promise<NeighboursData> {
  const snap = await snapshot(ctx, 'neighbours')
  return {
    neighbours: parseList(snap?.data_json).map((n) => ({
      interfaces: strs(n, 'interfaces'),
      address: str(n, 'address'),
      macAddress: str(n, 'macAddress'),
      identity: str(n, 'identity'),
      platform: str(n, 'platform'),
      board: str(n, 'board'),
      version: str(n, 'version'),
      discoveredBy: strs(n, 'discoveredBy'),
    })),
    at: snap?.updated_at,
  }
}

/** Events tab: the device's events, newest first. */
export async function loadEvents(ctx: DetailCtx, limit = 200, before?: { at: number; id: string }) {
  const rows = await listDeviceEvents(ctx.scope, { deviceId: ctx.device.id, limit, ...(before ? { before } : {}) })
  return rows.map((e) => ({ id: e.id, deviceId: e.device_id, at: e.at, kind: e.kind, message: e.message }))
}
