import { describe, expect, it } from 'vitest'
import { loadReply } from './fixture.ts'
import { parseIdentity } from '../../../../src/routeros/commands/system-identity.ts'
import { parseResource, parseVersion } from '../../../../src/routeros/commands/system-resource.ts'
import { parseRouterboard } from '../../../../src/routeros/commands/system-routerboard.ts'
import { parseHealth } from '../../../../src/routeros/commands/system-health.ts'
import { parsePackageUpdate } from '../../../../src/routeros/commands/system-package-update.ts'
import { parseInterfaces } from '../../../../src/routeros/commands/interface.ts'
import { parseRegistrations } from '../../../../src/routeros/commands/registration-table.ts'
import { parseDhcpLeases } from '../../../../src/routeros/commands/ip-dhcp-server-lease.ts'
import { parseNeighbors } from '../../../../src/routeros/commands/ip-neighbor.ts'
import { parseAddresses } from '../../../../src/routeros/commands/ip-address.ts'
import { parseRouteCount } from '../../../../src/routeros/commands/ip-route.ts'
import { toSeconds } from '../../../../src/routeros/commands/values.ts'

const rows = (device: string, command: string) => loadReply(device, command).rows

describe('identity', () => {
  it('reads the name on v6 and v7', () => {
    expect(parseIdentity(rows('hapac_6.49.6', 'system-identity'))).toEqual({ name: 'office-hap' })
    expect(parseIdentity(rows('ccr2004_7.4', 'system-identity'))).toEqual({ name: 'core-ccr' })
    expect(parseIdentity(rows('rb951_6.40.8', 'system-identity')).name).toBe('MikroTik')
  })
})

describe('resource', () => {
  it('parses a 6.49 hAP ac', () => {
    const r = parseResource(rows('hapac_6.49.6', 'system-resource'))
    expect(r).toMatchObject({ versionNumber: '6.49.6', majorVersion: 6, channel: 'stable' })
    expect(r.uptimeSeconds).toBe(2 * 604800 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6)
    expect(r.totalMemory).toBe(134217728)
    expect(r.cpuLoadPercent).toBe(3)
  })
  it('parses v7 boards (7.4 CCR2004, 7.10.1 CHR, 7.15.2 L009, 7.18.2 RB5009)', () => {
    const ccr = parseResource(rows('ccr2004_7.4', 'system-resource'))
    expect(ccr).toMatchObject({ majorVersion: 7, boardName: 'CCR2004-16G-2S+', cpuCount: 4 })
    expect(ccr.uptimeSeconds).toBe(604800 + 4 * 86400 + 23 * 3600 + 26 * 60 + 9)
    expect(ccr.freeMemory).toBe(3950641152)
    const chr = parseResource(rows('chr_7.10.1', 'system-resource'))
    expect(chr).toMatchObject({
      boardName: 'CHR',
      cpu: 'QEMU',
      architecture: 'x86_64',
      cpuFrequencyMhz: 2611,
    })
    expect(chr.buildTime).toBe('Jun/27/2023 09:03:02')
    const l009 = parseResource(rows('l009uigs_7.15.2', 'system-resource'))
    expect(l009.uptimeSeconds).toBe(14 * 604800 + 86400 + 19 * 3600 + 55 * 60 + 4)
    const rb = parseResource(rows('rb5009upr_7.18.2', 'system-resource'))
    expect(rb).toMatchObject({
      versionNumber: '7.18.2',
      totalMemory: 1073741824,
      cpuLoadPercent: 1,
    })
  })
  it('splits version strings', () => {
    expect(parseVersion('6.45beta27 (testing)')).toEqual({
      number: '6.45beta27',
      channel: 'testing',
      major: 6,
    })
    expect(parseVersion('7.16')).toEqual({ number: '7.16', channel: undefined, major: 7 })
  })
})

describe('routerboard', () => {
  it('reads model, serial and firmware, and flags pending upgrades', () => {
    const v6 = parseRouterboard(rows('hapac_6.49.6', 'system-routerboard'))
    expect(v6).toMatchObject({
      routerboard: true,
      model: 'RBD52G-5HacD2HnD',
      upgradeAvailable: true,
    })
    const v7 = parseRouterboard(rows('rb5009upr_7.18.2', 'system-routerboard'))
    expect(v7).toMatchObject({ serialNumber: 'HCY086PZ6XZ', upgradeAvailable: false })
  })
  it('handles CHR (routerboard=false only)', () => {
    const chr = parseRouterboard(rows('chr_7.16', 'system-routerboard'))
    expect(chr).toMatchObject({ routerboard: false, model: undefined, upgradeAvailable: false })
  })
})

describe('health', () => {
  it('flattens the v6 single-row shape', () => {
    expect(parseHealth(rows('hapac_6.49.6', 'system-health'))).toEqual([
      { name: 'voltage', value: 24.1, unit: 'V' },
      { name: 'temperature', value: 38, unit: 'C' },
    ])
    const old = parseHealth(rows('rb951_6.40.8', 'system-health'))
    expect(old.find((s) => s.name === 'current')).toEqual({
      name: 'current',
      value: 170,
      unit: 'mA',
    })
    expect(old.find((s) => s.name === 'power-consumption')?.unit).toBe('W')
  })
  it('reads the v7 per-sensor rows, keeping text states', () => {
    const ccr = parseHealth(rows('ccr2004_7.4', 'system-health'))
    expect(ccr).toHaveLength(8)
    expect(ccr[0]).toEqual({ name: 'temperature', value: 46, unit: 'C' })
    expect(ccr.find((s) => s.name === 'fan1-speed')).toEqual({
      name: 'fan1-speed',
      value: 6090,
      unit: 'RPM',
    })
    expect(ccr.find((s) => s.name === 'psu2-state')).toEqual({
      name: 'psu2-state',
      value: 'fail',
      unit: undefined,
    })
    expect(parseHealth(rows('hapac_7.15.3', 'system-health'))[0]).toEqual({
      name: 'voltage',
      value: 24.1,
      unit: 'V',
    })
    expect(parseHealth(rows('rb5009upr_7.18.2', 'system-health'))).toHaveLength(3)
  })
  it('returns no sensors for a board without any', () => {
    expect(parseHealth(rows('chr_7.16', 'system-health'))).toEqual([])
  })
})

describe('package update', () => {
  it('reads installed/latest on v7 and flags an available update', () => {
    expect(parsePackageUpdate(rows('chr_7.16', 'system-package-update'))).toEqual({
      channel: 'stable',
      installedVersion: '7.16',
      latestVersion: '7.16.1',
      status: 'New version is available',
      updateAvailable: true,
    })
    const rb = parsePackageUpdate(rows('rb5009upr_7.18.2', 'system-package-update'))
    expect(rb).toMatchObject({
      installedVersion: '7.18.2',
      latestVersion: undefined,
      updateAvailable: false,
    })
    expect(parsePackageUpdate(rows('chr_7.10.1', 'system-package-update')).installedVersion).toBe(
      '7.10.1',
    )
  })
  it('reads v6 (installed-version and the older current-version)', () => {
    expect(parsePackageUpdate(rows('hapac_6.49.6', 'system-package-update'))).toMatchObject({
      channel: 'long-term',
      installedVersion: '6.49.6',
      updateAvailable: false,
    })
    expect(parsePackageUpdate(rows('rb951_6.40.8', 'system-package-update'))).toMatchObject({
      installedVersion: '6.40.8',
      latestVersion: '6.40.9',
      updateAvailable: true,
    })
  })
})

describe('interfaces', () => {
  it('keeps 64-bit counters exact as bigint (v6)', () => {
    const [eth, wlan] = parseInterfaces(rows('hapac_6.49.6', 'interface'))
    expect(eth).toMatchObject({
      name: 'ether1',
      type: 'ether',
      running: true,
      mtu: 1500,
      linkDowns: 83,
    })
    expect(eth?.rxByte).toBe(38784330741n)
    expect(eth?.txByte).toBe(70881296060n)
    expect(wlan?.rxByte).toBe(18446744073709551000n)
    expect(wlan).toMatchObject({
      disabled: true,
      slave: true,
      running: false,
      comment: 'guest radio',
    })
  })
  it('parses v7 rows, past 2^53', () => {
    const [eth, vlan] = parseInterfaces(rows('ccr2004_7.4', 'interface'))
    expect(eth?.rxByte).toBe(9007199254740993n)
    expect(vlan).toMatchObject({
      name: 'vlan10',
      type: 'vlan',
      defaultName: undefined,
      dynamic: false,
    })
  })
})

describe('wireless registration tables', () => {
  it('legacy wireless on v6 and v7 (signal from signal-strength, tx,rx bytes)', () => {
    const [c] = parseRegistrations(rows('hapac_6.49.6', 'wireless-registration-table'))
    expect(c).toMatchObject({
      interface: 'wlan1',
      macAddress: '00:11:22:3E:1C:EE',
      signal: -51,
      signalToNoise: 50,
      txCcq: 87,
      lastIp: '192.168.88.10',
      uptimeSeconds: 5 * 86400 + 9 * 60 + 11,
    })
    expect(c?.txBytes).toBe(6689896n)
    expect(c?.rxBytes).toBe(2094536n)
    expect(c?.lastActivitySeconds).toBe(4.75)
    const [v7] = parseRegistrations(rows('hapac_7.15.3', 'wireless-registration-table'))
    expect(v7).toMatchObject({ signal: -60, txCcq: 95, uptimeSeconds: 7200 })
  })
  it('wifi (7.15) and wifiwave2 (7.12)', () => {
    const [c] = parseRegistrations(rows('hapax3_7.15.3', 'wifi-registration-table'))
    expect(c).toMatchObject({
      ssid: 'office',
      signal: -56,
      band: '5ghz-ax',
      authorized: true,
      txCcq: undefined,
    })
    expect(c?.rxBytes).toBe(2966351n)
    expect(parseRegistrations(rows('hapax2_7.12', 'wifi-registration-table'))[0]?.signal).toBe(-71)
  })
  it('an !empty table (7.18) gives no clients', () => {
    const r = loadReply('rb5009upr_7.18.2', 'wifi-registration-table')
    expect(r.empty).toBe(true)
    expect(parseRegistrations(r.rows)).toEqual([])
  })
})

describe('dhcp leases', () => {
  it('v6: keeps digit-only host names as strings, parses durations', () => {
    const [a, b] = parseDhcpLeases(rows('hapac_6.49.6', 'ip-dhcp-server-lease'))
    expect(a).toMatchObject({
      id: '*1A',
      address: '192.168.88.254',
      status: 'bound',
      dynamic: true,
      expiresAfterSeconds: 562,
      lastSeenSeconds: 38,
      comment: 'Mobile',
    })
    expect(b).toMatchObject({ hostName: '1234', status: 'waiting', lastSeenSeconds: undefined })
  })
  it('v7 rows and the 7.18 !empty reply', () => {
    expect(parseDhcpLeases(rows('ccr2004_7.4', 'ip-dhcp-server-lease'))[0]).toMatchObject({
      hostName: 'printer',
      expiresAfterSeconds: 93600,
    })
    expect(parseDhcpLeases(rows('rb5009upr_7.18.2', 'ip-dhcp-server-lease'))).toEqual([])
  })
})

describe('neighbours', () => {
  it('v6: splits port,bridge', () => {
    const [n] = parseNeighbors(rows('hapac_6.49.6', 'ip-neighbor'))
    expect(n).toMatchObject({
      interfaces: ['ether3', 'br-lan'],
      identity: 'sw',
      board: 'CRS112-8G-4S',
      version: '6.40.8 (bugfix)',
      remoteInterface: 'ether1',
      ageSeconds: 49,
      discoveredBy: [],
    })
  })
  it('v7: address6 and discovered-by', () => {
    const [n] = parseNeighbors(rows('ccr2004_7.4', 'ip-neighbor'))
    expect(n).toMatchObject({
      address6: 'fe80::4a8f:5aff:fe00:2',
      discoveredBy: ['cdp', 'lldp', 'mndp'],
    })
  })
})

describe('addresses and route count', () => {
  it('addresses on v6 and v7', () => {
    const v6 = parseAddresses(rows('hapac_6.49.6', 'ip-address'))
    expect(v6.map((a) => [a.ip, a.prefixLength, a.dynamic])).toEqual([
      ['192.168.88.1', 24, false],
      ['10.0.0.111', 24, true],
    ])
    expect(parseAddresses(rows('ccr2004_7.4', 'ip-address'))[0]).toMatchObject({
      network: '10.1.1.0',
      disabled: true,
    })
  })
  it('route counts on v6 and v7', () => {
    expect(parseRouteCount(loadReply('hapac_6.49.6', 'ip-route-count'))).toBe(12)
    expect(parseRouteCount(loadReply('ccr2004_7.4', 'ip-route-count'))).toBe(912345)
    expect(parseRouteCount({ rows: [], done: {}, empty: true })).toBe(0)
    expect(() => parseRouteCount({ rows: [], done: {}, empty: false })).toThrow(/without a count/)
  })
})

describe('durations', () => {
  it('parses RouterOS duration forms', () => {
    expect(toSeconds('5s680ms')).toBe(5.68)
    expect(toSeconds('170ms')).toBe(0.17)
    expect(toSeconds('00:01:05')).toBe(65)
    expect(toSeconds('never')).toBeUndefined()
  })
})
