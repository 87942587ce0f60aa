import type { InterfaceInfo } from '../../routeros/commands/interface.ts'
import type { IpAddress } from '../../routeros/commands/ip-address.ts'
import type { DhcpLease } from '../../routeros/commands/ip-dhcp-server-lease.ts'
import type { Neighbor } from '../../routeros/commands/ip-neighbor.ts'
import type { WirelessClient } from '../../routeros/commands/registration-table.ts'
import type { HealthSensor } from '../../routeros/commands/system-health.ts'
import type { PackageUpdate } from '../../routeros/commands/system-package-update.ts'
import type { SystemResource } from '../../routeros/commands/system-resource.ts'
import type { Routerboard } from '../../routeros/commands/system-routerboard.ts'

/** What each collector returns, by kind. Adding a kind here forces a collector for it. */
export interface CollectorResults {
  identity: { name: string }
  resource: SystemResource
  routerboard: Routerboard
  health: HealthSensor[]
  interfaces: InterfaceInfo[]
  wireless: WirelessClient[]
  dhcp_leases: DhcpLease[]
  neighbours: Neighbor[]
  addresses: IpAddress[]
  routes: { total: number; active: number }
  package_update: PackageUpdate
  /** configuration edit lines the device logged since the previous poll */
  config_log: { edits: string[] }
}
