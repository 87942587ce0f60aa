// The guided forms (WAN, LAN + DHCP, Wi-Fi, port forward, basic firewall, DNS, identity/time/NTP):
// one zod schema per task, so the form and POST /api/v1/jobs check the same way.
import { z } from 'zod'

const iface = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'An interface name such as ether1 or bridge.')
const ipv4 = z
  .string()
  .trim()
  .regex(/^(\d{1,3})(\.\d{1,3}){3}$/, 'An IPv4 address such as 192.0.2.1.')
const cidr = z
  .string()
  .trim()
  .regex(/^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$/, 'An address with prefix such as 192.168.88.1/24.')
const host = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.:-]{1,100}$/, 'An address or host name.')

export const guidedSchema = z.discriminatedUnion('task', [
  z.object({ task: z.literal('wan-dhcp'), interface: iface }),
  z.object({
    task: z.literal('wan-static'),
    interface: iface,
    address: cidr,
    gateway: ipv4,
    dns: z.array(ipv4).max(4).default([]),
  }),
  z.object({
    task: z.literal('wan-pppoe'),
    interface: iface,
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(100),
  }),
  z.object({
    task: z.literal('lan-dhcp'),
    interface: iface,
    address: cidr,
    poolFrom: ipv4,
    poolTo: ipv4,
    dns: z.array(ipv4).max(4).default([]),
  }),
  z.object({
    task: z.literal('wifi'),
    interface: iface,
    ssid: z.string().min(1).max(32),
    passphrase: z.string().min(8, 'At least 8 characters.').max(63),
  }),
  z.object({
    task: z.literal('port-forward'),
    inInterface: iface,
    protocol: z.enum(['tcp', 'udp']),
    dstPort: z.coerce.number().int().min(1).max(65535),
    toAddress: ipv4,
    toPort: z.coerce.number().int().min(1).max(65535),
  }),
  z.object({ task: z.literal('firewall-basic'), managementCidr: cidr }),
  z.object({
    task: z.literal('dns'),
    servers: z.array(ipv4).min(1).max(4),
    allowRemote: z.boolean().default(false),
  }),
  z.object({
    task: z.literal('system'),
    identity: z.string().max(64).optional(),
    timeZone: z
      .string()
      .regex(/^[A-Za-z_/+-]{1,40}$/)
      .optional(),
    ntpServers: z.array(host).max(4).default([]),
  }),
])
export type GuidedInput = z.output<typeof guidedSchema>
export type GuidedTask = GuidedInput['task']

export const GUIDED_TASKS: Readonly<Record<GuidedTask, string>> = {
  'wan-dhcp': 'WAN: DHCP client',
  'wan-static': 'WAN: static address',
  'wan-pppoe': 'WAN: PPPoE',
  'lan-dhcp': 'LAN address and DHCP server',
  wifi: 'Wi-Fi network (v6 wireless / v7 wifi)',
  'port-forward': 'Port forward',
  'firewall-basic': 'Basic firewall (drop input except management and established)',
  dns: 'DNS servers',
  system: 'Identity, time zone and NTP',
}
