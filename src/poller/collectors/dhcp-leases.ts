import { DHCP_LEASE_PATH, parseDhcpLeases } from '../../routeros/commands/ip-dhcp-server-lease.ts'
import type { Collector } from './collector.ts'

export const dhcpLeases: Collector<'dhcp_leases'> = {
  kind: 'dhcp_leases',
  appliesTo: () => true,
  collect: async ({ session }) => parseDhcpLeases(await session.print(DHCP_LEASE_PATH)),
}
