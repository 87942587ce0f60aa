// What the overlay's views and API read.
import type { WgMode } from './wg-host.ts'

/** The appliance interface: off by configuration, lacking host capability, failed, or running. */
export type OverlayState =
  | { kind: 'off'; reason: string }
  | { kind: 'stopped' }
  | { kind: 'unavailable'; missing: string[] }
  | { kind: 'failed'; error: string }
  | { kind: 'running'; mode: WgMode; firewall: 'nft' | 'iptables' | null }

export interface OverlayPeer {
  device_id: string
  address: string
  public_key: string | null
  previous_host: string | null
  enrolled_at: number | null
}

/** One device's overlay status as the device tab, the fleet table and the API show it. */
export interface DeviceOverlayView {
  deviceId: string
  deviceName: string
  /** null before an enrollment was ever created */
  address: string | null
  enrolled: boolean
  enrolledAt: number | null
  publicKey: string | null
  latestHandshakeAt: number | null
  rxBytes: number | null
  txBytes: number | null
  endpoint: string | null
  /** the newest enrollment URL: pending (unused, unexpired), used or expired */
  enrollment: { state: 'pending' | 'used' | 'expired'; expiresAt: number } | null
  /** RouterOS v6 has no WireGuard: the LAN path is the only one */
  unsupportedReason: string | null
}

export interface OverlayInfo {
  state: OverlayState
  interfaceName: string
  publicKey: string
  /** host:port routers dial; null when neither OUTPOST_OVERLAY_ENDPOINT nor OUTPOST_PUBLIC_URL is set */
  endpoint: string | null
  applianceAddress: string
  range: string
  /** this tenant's block, null before its first enrollment */
  tenantBlock: string | null
}

/** What an enrollment hands out once: the script to paste and the URL it calls. */
export interface EnrollmentResult {
  script: string
  enrollUrl: string
  expiresAt: number
  address: string
}
