// Which form fields each guided task reads, and which of them are lists or yes/no.
export const GUIDED_FIELD_LISTS: Readonly<
  Record<string, { fields: readonly string[]; lists: readonly string[]; bools: readonly string[] }>
> = {
  'wan-dhcp': { fields: ['interface'], lists: [], bools: [] },
  'wan-static': { fields: ['interface', 'address', 'gateway', 'dns'], lists: ['dns'], bools: [] },
  'wan-pppoe': { fields: ['interface', 'username', 'password'], lists: [], bools: [] },
  'lan-dhcp': {
    fields: ['interface', 'address', 'poolFrom', 'poolTo', 'dns'],
    lists: ['dns'],
    bools: [],
  },
  wifi: { fields: ['interface', 'ssid', 'passphrase'], lists: [], bools: [] },
  'port-forward': {
    fields: ['inInterface', 'protocol', 'dstPort', 'toAddress', 'toPort'],
    lists: [],
    bools: [],
  },
  'firewall-basic': { fields: ['managementCidr'], lists: [], bools: [] },
  dns: { fields: ['servers', 'allowRemote'], lists: ['servers'], bools: ['allowRemote'] },
  system: { fields: ['identity', 'timeZone', 'ntpServers'], lists: ['ntpServers'], bools: [] },
}
