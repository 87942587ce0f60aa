// View models of the topology graph and the site map (pages and the JSON API).
import type { DeviceStatus } from '../db/schema-devices.ts'

export interface TopologyNode {
  /** `d:<deviceId>` for a managed device, `n:<key>` for a neighbour Outpost does not manage */
  id: string
  kind: 'device' | 'neighbour'
  /** the managed device's id (its page is /devices/<deviceId>) */
  deviceId: string | null
  label: string
  /** managed: the polled status; neighbours: `unmanaged` */
  status: DeviceStatus | 'unmanaged'
  siteId: string | null
  siteName: string | null
  address: string | null
  macAddress: string | null
  platform: string | null
  board: string | null
  /** centre of the node in the layout (SVG user units) */
  x: number
  y: number
}

export interface TopologyLink {
  id: string
  from: string
  to: string
  fromInterface: string | null
  toInterface: string | null
  /** mndp, cdp, lldp as RouterOS reports them (v7); empty when the router does not say */
  discoveredBy: string[]
}

/** A site's box around its nodes (devices without a site share the "No site" box). */
export interface TopologyGroup {
  siteId: string | null
  name: string
  x: number
  y: number
  width: number
  height: number
}

export interface TopologyGraph {
  nodes: TopologyNode[]
  links: TopologyLink[]
  groups: TopologyGroup[]
  width: number
  height: number
  /** neighbour entries left out, in plain words (no MAC, address or identity; unreadable snapshot) */
  problems: string[]
}

export interface MapSite {
  /** null for a device without a site, shown on its own */
  siteId: string | null
  name: string
  /** the site's device list, or the device's page */
  href: string
  latitude: number
  longitude: number
  /** where the coordinates came from: the site's own, or the average of its devices' */
  source: 'site' | 'devices'
  devices: number
  counts: Record<DeviceStatus, number>
  /** the worst status among its devices */
  status: DeviceStatus
  x: number
  y: number
}

export interface SiteMapView {
  /** SVG path of the world's land outline (equirectangular, width × height) */
  landPath: string
  width: number
  height: number
  sites: MapSite[]
  /** every site of the tenant with its own coordinates, for the coordinates form */
  siteOptions: { id: string; name: string; latitude: number | null; longitude: number | null }[]
  /** devices with no coordinates of their own and none from their site */
  unplaced: number
}
