// View models of the device page tabs (overview panels, interfaces, clients, neighbours, events).

/** One chart point: epoch ms and value (the SvgChart component takes the same shape). */
export interface ChartPoint {
  t: number
  v: number
}

export const CHART_RANGES = ['1h', '24h', '7d', '30d'] as const
export type ChartRange = (typeof CHART_RANGES)[number]

export const RANGE_MS: Record<ChartRange, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
}

/** The window a tab's charts draw, and the distance beyond which two points are not joined. */
export interface ChartWindow {
  range: ChartRange
  from: number
  to: number
  gapMs: number
}

export interface LabelledSeries {
  label: string
  points: ChartPoint[]
}

export interface HealthFacts {
  uptimeS: number | undefined
  cpuLoad: number | undefined
  cpuCount: number | undefined
  architecture: string | undefined
  memUsed: number | undefined
  memTotal: number | undefined
  diskUsed: number | undefined
  diskTotal: number | undefined
  sensors: { name: string; value: string }[]
  /** when the resource snapshot was taken */
  at: number | undefined
  /** when each value was read (issue 15: the page says how old a value is) */
  uptimeAt: number | undefined
  cpuAt: number | undefined
  memAt: number | undefined
  diskAt: number | undefined
  sensorsAt: number | undefined
}

export interface OverviewData {
  window: ChartWindow
  health: HealthFacts
  cpu: ChartPoint[]
  mem: ChartPoint[]
  disk: ChartPoint[]
  temperature: LabelledSeries[]
}

export interface InterfaceRow {
  name: string
  type: string | undefined
  running: boolean
  disabled: boolean
  macAddress: string | undefined
  comment: string | undefined
  /** latest measured rates, bit/s (none until two polls have passed) */
  rxBps: number | undefined
  txBps: number | undefined
  /** when the shown rates were measured */
  rateAt: number | undefined
  /** true when the poller stores rates for it (it had link for two polls) */
  hasSeries: boolean
  rx: ChartPoint[]
  tx: ChartPoint[]
}

export interface InterfacesData {
  window: ChartWindow
  interfaces: InterfaceRow[]
  at: number | undefined
}

export interface LeaseRow {
  address: string | undefined
  macAddress: string | undefined
  hostName: string | undefined
  server: string | undefined
  status: string | undefined
  dynamic: boolean
  expiresAfterS: number | undefined
}

export interface WirelessRow {
  interface: string | undefined
  macAddress: string | undefined
  ssid: string | undefined
  signal: number | undefined
  signalToNoise: number | undefined
  txRate: string | undefined
  rxRate: string | undefined
  uptimeS: number | undefined
  lastIp: string | undefined
}

export interface ClientsData {
  leases: LeaseRow[]
  wireless: WirelessRow[]
  leasesAt: number | undefined
  wirelessAt: number | undefined
  /** true when the device has a wireless collector reading at all */
  hasWireless: boolean
}

export interface NeighbourRow {
  interfaces: string[]
  address: string | undefined
  macAddress: string | undefined
  identity: string | undefined
  platform: string | undefined
  board: string | undefined
  version: string | undefined
  discoveredBy: string[]
}

export interface NeighboursData {
  neighbours: NeighbourRow[]
  at: number | undefined
}
