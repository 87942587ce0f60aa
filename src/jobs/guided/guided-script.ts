// The RouterOS script each guided form produces for one device. The RouterOS version decides
// between menus that differ (v6 `wireless` vs v7.13+ `wifi`, v6 `primary-ntp` vs v7 `servers`).
import { escapeQuoted } from '../templates/render.ts'
import type { GuidedInput } from './guided.schema.ts'

const TAG = 'comment="outpost guided"'
const PLAIN = /^[A-Za-z0-9._:@/+,*-]+$/
/** key=value with the value quoted unless it is one plain word */
const kv = (k: string, v: string | number) =>
  `${k}=${PLAIN.test(String(v)) ? String(v) : `"${escapeQuoted(String(v))}"`}`

function versionAtLeast(v: string | null, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (v ?? '').split(/[.\s]/).map((x) => Number.parseInt(x, 10) || 0)
  return a > major || (a === major && b >= minor)
}

function networkOf(cidr: string): string {
  const [ip = '', len = '32'] = cidr.split('/')
  const n = ip.split('.').reduce((a, p) => a * 256 + Number(p), 0)
  const mask = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0
  const net = (n & mask) >>> 0
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${len}`
}

const SCRIPTS: {
  [K in GuidedInput['task']]: (
    p: Extract<GuidedInput, { task: K }>,
    version: string | null,
  ) => string[]
} = {
  'wan-dhcp': (p) => ['/ip dhcp-client', `add ${kv('interface', p.interface)} disabled=no ${TAG}`],
  'wan-static': (p) => [
    '/ip address',
    `add ${kv('address', p.address)} ${kv('interface', p.interface)} ${TAG}`,
    '/ip route',
    `add dst-address=0.0.0.0/0 ${kv('gateway', p.gateway)} ${TAG}`,
    ...(p.dns.length > 0 ? ['/ip dns', `set ${kv('servers', p.dns.join(','))}`] : []),
  ],
  'wan-pppoe': (p) => [
    '/interface pppoe-client',
    `add name=pppoe-out1 ${kv('interface', p.interface)} ${kv('user', p.username)} ${kv('password', p.password)} add-default-route=yes use-peer-dns=yes disabled=no ${TAG}`,
  ],
  'lan-dhcp': (p) => {
    const gw = p.address.split('/')[0] ?? ''
    return [
      '/ip address',
      `add ${kv('address', p.address)} ${kv('interface', p.interface)} ${TAG}`,
      '/ip pool',
      `add name=outpost-lan ${kv('ranges', `${p.poolFrom}-${p.poolTo}`)}`,
      '/ip dhcp-server',
      `add name=outpost-lan ${kv('interface', p.interface)} address-pool=outpost-lan disabled=no`,
      '/ip dhcp-server network',
      `add ${kv('address', networkOf(p.address))} ${kv('gateway', gw)}${p.dns.length > 0 ? ` ${kv('dns-server', p.dns.join(','))}` : ''} ${TAG}`,
    ]
  },
  wifi: (p, version) =>
    versionAtLeast(version, 7, 13)
      ? [
          '/interface wifi',
          `set ${p.interface} ${kv('configuration.ssid', p.ssid)} security.authentication-types=wpa2-psk,wpa3-psk ${kv('security.passphrase', p.passphrase)} disabled=no`,
        ]
      : [
          '/interface wireless security-profiles',
          `add name=outpost authentication-types=wpa2-psk mode=dynamic-keys ${kv('wpa2-pre-shared-key', p.passphrase)}`,
          '/interface wireless',
          `set ${p.interface} ${kv('ssid', p.ssid)} security-profile=outpost mode=ap-bridge disabled=no`,
        ],
  'port-forward': (p) => [
    '/ip firewall nat',
    `add chain=dstnat action=dst-nat ${kv('protocol', p.protocol)} ${kv('dst-port', p.dstPort)} ${kv('in-interface', p.inInterface)} ${kv('to-addresses', p.toAddress)} ${kv('to-ports', p.toPort)} ${TAG}`,
  ],
  'firewall-basic': (p) => [
    '/ip firewall filter',
    `add chain=input action=accept connection-state=established,related ${TAG}`,
    `add chain=input action=drop connection-state=invalid ${TAG}`,
    `add chain=input action=accept ${kv('src-address', p.managementCidr)} ${TAG}`,
    `add chain=input action=accept protocol=icmp ${TAG}`,
    `add chain=input action=drop ${TAG}`,
  ],
  dns: (p) => [
    '/ip dns',
    `set ${kv('servers', p.servers.join(','))} allow-remote-requests=${p.allowRemote ? 'yes' : 'no'}`,
  ],
  system: (p, version) => [
    ...(p.identity ? ['/system identity', `set ${kv('name', p.identity)}`] : []),
    ...(p.timeZone
      ? ['/system clock', `set time-zone-autodetect=no ${kv('time-zone-name', p.timeZone)}`]
      : []),
    ...(p.ntpServers.length > 0
      ? versionAtLeast(version, 7, 0)
        ? ['/system ntp client', `set enabled=yes ${kv('servers', p.ntpServers.join(','))}`]
        : [
            '/system ntp client',
            `set enabled=yes ${p.ntpServers.every((s) => /^[\d.]+$/.test(s)) ? [kv('primary-ntp', p.ntpServers[0] ?? ''), ...(p.ntpServers[1] ? [kv('secondary-ntp', p.ntpServers[1])] : [])].join(' ') : kv('server-dns-names', p.ntpServers.join(','))}`,
          ]
      : []),
  ],
}

/** The script of one guided task for a device running `version`. */
export function guidedScript(input: GuidedInput, version: string | null): string {
  const gen = SCRIPTS[input.task] as (p: GuidedInput, v: string | null) => string[]
  return gen(input, version).join('\n') + '\n'
}

/** Secrets typed into a form never reach pages, the spec shown on the job, or the CSV. */
export function maskScriptSecrets(script: string): string {
  return script.replace(
    /\b(password|passphrase|security\.passphrase|wpa2-pre-shared-key|wpa-pre-shared-key|secret)=("(?:[^"\\]|\\.)*"|\S+)/g,
    '$1=********',
  )
}
