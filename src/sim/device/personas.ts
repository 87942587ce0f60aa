/**
 * Built-in device personas: the hardware and software identity a simulated router starts with.
 * Behaviour that depends on the RouterOS version (`!empty`, safe mode, date formats, health
 * shape, wireless menus) is derived from `version` at run time, so an upgrade changes it.
 */

export interface PersonaPort {
  name: string
  type: 'ether' | 'wlan' | 'wifi'
}

export interface Persona {
  id: string
  version: string
  channel: 'stable' | 'long-term' | 'testing' | 'development' | 'bugfix'
  /** Version offered by `/system/package/update/check-for-updates`. */
  latestVersion: string
  board: string
  model: string
  routerboard: boolean
  serialPrefix: string
  architecture: string
  cpu: string
  cpuCount: number
  cpuFrequency: number
  totalMemory: number
  totalHdd: number
  factorySoftware: string
  firmware: string
  ports: readonly PersonaPort[]
  /** `legacy`: /interface/wireless package; `wifi`: /interface/wifi (7.13+); `none`. */
  wireless: 'legacy' | 'wifi' | 'none'
  health: readonly { name: string; value: number; type: string }[]
  /** Only the pre-6.43 MD5 challenge login. */
  md5LoginOnly: boolean
  /** Default configuration: a home-router style bridge + DHCP, or a bare CHR. */
  defaults: 'soho' | 'chr'
}

const ethers = (n: number, extra: string[] = []): PersonaPort[] => [
  ...Array.from({ length: n }, (_, i) => ({ name: `ether${i + 1}`, type: 'ether' as const })),
  ...extra.map((name) => ({ name, type: 'ether' as const })),
]

const HAP_AC: Persona = {
  id: 'hap-ac-6.49',
  version: '6.49.10',
  channel: 'long-term',
  latestVersion: '6.49.17',
  board: 'RB962UiGS-5HacT2HnT',
  model: 'RB962UiGS-5HacT2HnT',
  routerboard: true,
  serialPrefix: '6A8C0',
  architecture: 'mipsbe',
  cpu: 'MIPS 74Kc V5.0',
  cpuCount: 1,
  cpuFrequency: 720,
  totalMemory: 134217728,
  totalHdd: 16777216,
  factorySoftware: '6.34.2',
  firmware: '6.49.10',
  ports: [...ethers(5, ['sfp1']), { name: 'wlan1', type: 'wlan' }, { name: 'wlan2', type: 'wlan' }],
  wireless: 'legacy',
  health: [
    { name: 'voltage', value: 24.1, type: 'V' },
    { name: 'temperature', value: 38, type: 'C' },
  ],
  md5LoginOnly: false,
  defaults: 'soho',
}

const RB5009: Persona = {
  id: 'rb5009-7.15',
  version: '7.15.3',
  channel: 'stable',
  latestVersion: '7.18.2',
  board: 'RB5009UPr+S+',
  model: 'RB5009UPr+S+',
  routerboard: true,
  serialPrefix: 'HCY08',
  architecture: 'arm64',
  cpu: 'ARM64',
  cpuCount: 4,
  cpuFrequency: 1400,
  totalMemory: 1073741824,
  totalHdd: 1073741824,
  factorySoftware: '7.8',
  firmware: '7.15.3',
  ports: ethers(8, ['sfp-sfpplus1']),
  wireless: 'wifi',
  health: [
    { name: 'voltage', value: 24.2, type: 'V' },
    { name: 'temperature', value: 41, type: 'C' },
    { name: 'cpu-temperature', value: 47, type: 'C' },
  ],
  md5LoginOnly: false,
  defaults: 'soho',
}

const HAP_AX3: Persona = {
  ...RB5009,
  id: 'hap-ax3-7.18',
  version: '7.18.2',
  latestVersion: '7.19.4',
  board: 'C53UiG+5HPaxD2HPaxD',
  model: 'C53UiG+5HPaxD2HPaxD',
  serialPrefix: 'HF209',
  cpuFrequency: 864,
  totalHdd: 134217728,
  factorySoftware: '7.10',
  firmware: '7.18.2',
  ports: [...ethers(5), { name: 'wifi1', type: 'wifi' }, { name: 'wifi2', type: 'wifi' }],
  health: [
    { name: 'cpu-temperature', value: 52, type: 'C' },
    { name: 'board-temperature1', value: 44, type: 'C' },
  ],
}

const CHR: Persona = {
  id: 'chr-7.18',
  version: '7.18.2',
  channel: 'stable',
  latestVersion: '7.19.4',
  board: 'CHR',
  model: 'CHR',
  routerboard: false,
  serialPrefix: '',
  architecture: 'x86_64',
  cpu: 'QEMU',
  cpuCount: 2,
  cpuFrequency: 2400,
  totalMemory: 1073741824,
  totalHdd: 134217728,
  factorySoftware: '7.1',
  firmware: '',
  ports: ethers(1),
  wireless: 'none',
  health: [],
  md5LoginOnly: false,
  defaults: 'chr',
}

const LEGACY: Persona = {
  ...HAP_AC,
  id: 'legacy-6.42',
  version: '6.42.12',
  channel: 'long-term',
  latestVersion: '6.49.17',
  board: 'RB941-2nD',
  model: 'RB941-2nD',
  serialPrefix: '8C1A0',
  cpu: 'MIPS 24Kc V7.4',
  cpuFrequency: 650,
  totalMemory: 33554432,
  totalHdd: 16777216,
  factorySoftware: '6.33.5',
  firmware: '3.41',
  ports: [...ethers(4), { name: 'wlan1', type: 'wlan' }],
  health: [{ name: 'voltage', value: 11.9, type: 'V' }],
  md5LoginOnly: true,
}

export const PERSONAS: Readonly<Record<string, Persona>> = Object.freeze({
  [HAP_AC.id]: HAP_AC,
  [RB5009.id]: RB5009,
  [HAP_AX3.id]: HAP_AX3,
  [CHR.id]: CHR,
  [LEGACY.id]: LEGACY,
})

export const DEFAULT_PERSONA = 'rb5009-7.15'

export function getPersona(id: string): Persona {
  const p = PERSONAS[id]
  if (!p) throw new Error(`unknown persona ${id} (known: ${Object.keys(PERSONAS).join(', ')})`)
  return p
}
