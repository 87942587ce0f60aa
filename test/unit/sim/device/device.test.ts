import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../../src/sim/device/device.ts'
import { PERSONAS } from '../../../../src/sim/device/personas.ts'
import { renderTreeExport } from '../../../../src/sim/device/tree.ts'
import { Trap } from '../../../../src/sim/device/trap.ts'
import { ALL_POLICIES } from '../../../../src/sim/device/users.ts'

const admin = { user: 'admin', policies: ALL_POLICIES }
const make = (persona: string, clock = new ManualClock()) => ({
  dev: new SimRouter({ persona, name: `t-${persona}`, clock }),
  clock,
})
const rows = (dev: SimRouter, path: string, attrs: Record<string, string> = {}) =>
  dev.exec(path, 'print', attrs, admin).rows ?? []

describe('personas', () => {
  it.each(Object.keys(PERSONAS))(
    '%s has identity, resource, routerboard and an admin user',
    (id) => {
      const { dev } = make(id)
      expect(rows(dev, '/system/identity')).toEqual([{ name: `t-${id}` }])
      const res = rows(dev, '/system/resource')[0]
      expect(res?.version).toBe(`${PERSONAS[id]?.version} (${PERSONAS[id]?.channel})`)
      expect(res?.['board-name']).toBe(PERSONAS[id]?.board)
      expect(rows(dev, '/user').map((u) => u.name)).toEqual(['admin'])
      const rb = rows(dev, '/system/routerboard')[0]
      expect(rb?.routerboard).toBe(String(PERSONAS[id]?.routerboard))
    },
  )

  it('health: v6 one row without ids, v7 one row per sensor, CHR none', () => {
    expect(rows(make('hap-ac-6.49').dev, '/system/health')).toEqual([
      { voltage: expect.any(String), temperature: expect.any(String) },
    ])
    const v7 = rows(make('rb5009-7.15').dev, '/system/health')
    expect(v7.map((r) => r.name)).toEqual(['voltage', 'temperature', 'cpu-temperature'])
    expect(v7[0]).toMatchObject({ '.id': '*1', type: 'V' })
    expect(rows(make('chr-7.18').dev, '/system/health')).toEqual([])
  })

  it('wireless menus follow the package and version', () => {
    expect(() => rows(make('rb5009-7.15').dev, '/interface/wireless/registration-table')).toThrow(
      'no such command prefix',
    )
    expect(() => rows(make('hap-ac-6.49').dev, '/interface/wifi/registration-table')).toThrow(
      'no such command prefix',
    )
    expect(rows(make('rb5009-7.15').dev, '/interface/wifi/registration-table')).toEqual([])
  })
})

describe('live behaviour on the clock', () => {
  it('counters grow with time, CPU load moves, and a reboot resets counters and uptime', () => {
    const { dev, clock } = make('rb5009-7.15')
    const rx = () =>
      BigInt(rows(dev, '/interface').find((r) => r.name === 'ether1')?.['rx-byte'] ?? '-1')
    const loads = new Set<string>()
    let last = rx()
    for (let i = 0; i < 20; i++) {
      clock.advance(30_000)
      const now = rx()
      expect(now).toBeGreaterThan(last)
      last = now
      loads.add(rows(dev, '/system/resource')[0]?.['cpu-load'] ?? '')
    }
    expect(loads.size).toBeGreaterThan(1)
    dev.reboot(1000)
    clock.advance(1000)
    expect(rows(dev, '/system/resource')[0]?.uptime).toBe('0s')
    expect(rx()).toBe(0n)
  })

  it('wireless clients come and go, with leases for the present ones', () => {
    const { dev, clock } = make('hap-ac-6.49')
    const seen = new Set<string>()
    const counts = new Set<number>()
    for (let i = 0; i < 40; i++) {
      clock.advance(120_000)
      const reg = rows(dev, '/interface/wireless/registration-table')
      counts.add(reg.length)
      for (const r of reg) seen.add(r['mac-address'] ?? '')
      const leases = rows(dev, '/ip/dhcp-server/lease').filter((l) => l.dynamic === 'true')
      expect(leases.map((l) => l['mac-address']).sort()).toEqual(
        reg.map((r) => r['mac-address']).sort(),
      )
    }
    expect(counts.size).toBeGreaterThan(1)
    expect(seen.size).toBeGreaterThan(2)
  })

  it('legacy registration table needs stats for bytes', () => {
    const { dev, clock } = make('hap-ac-6.49')
    clock.advance(3_600_000)
    let reg = rows(dev, '/interface/wireless/registration-table')
    for (let i = 0; reg.length === 0 && i < 20; i++) {
      clock.advance(300_000)
      reg = rows(dev, '/interface/wireless/registration-table')
    }
    expect(reg[0]?.bytes).toBeUndefined()
    expect(rows(dev, '/interface/wireless/registration-table', { stats: '' })[0]?.bytes).toMatch(
      /^\d+,\d+$/,
    )
  })
})

describe('commands and permissions', () => {
  it('adds with monotonically increasing hex ids that are never reused', () => {
    const { dev } = make('chr-7.18')
    const ids = ['a', 'b', 'c'].map(
      (n) => dev.exec('/system/script', 'add', { name: n, source: '' }, admin).ret,
    )
    expect(ids).toEqual(['*1', '*2', '*3'])
    dev.exec('/system/script', 'remove', { numbers: 'c' }, admin)
    expect(dev.exec('/system/script', 'add', { name: 'd' }, admin).ret).toBe('*4')
  })

  it('needs write to change anything and reboot to reboot', () => {
    const { dev } = make('chr-7.18')
    const ro = { user: 'ro', policies: new Set(['read', 'api']) }
    expect(rows(dev, '/ip/address')).toEqual([])
    expect(() =>
      dev.exec('/ip/address', 'add', { address: '1.1.1.1/24', interface: 'ether1' }, ro),
    ).toThrow('not enough permissions (9)')
    expect(() => dev.exec('/system', 'reboot', {}, ro)).toThrow(Trap)
    expect(() =>
      dev.exec(
        '/user',
        'add',
        { name: 'x', group: 'full' },
        { user: 'w', policies: new Set(['read', 'write']) },
      ),
    ).toThrow('not enough permissions')
  })

  it('validates addresses, interfaces and unknown verbs', () => {
    const { dev } = make('chr-7.18')
    expect(() =>
      dev.exec('/ip/address', 'add', { address: '300.1.1.1/24', interface: 'ether1' }, admin),
    ).toThrow('invalid value for argument address')
    expect(() =>
      dev.exec('/ip/address', 'add', { address: '1.1.1.1/24', interface: 'ether9' }, admin),
    ).toThrow('input does not match any value of interface')
    expect(() => dev.exec('/ip/address', 'frobnicate', {}, admin)).toThrow('no such command')
    expect(() => dev.exec('/system/resource', 'set', { cpu: 'x' }, admin)).toThrow(
      'no such command',
    )
  })

  it('/interface set and disable reach the type menu item by name or id', () => {
    const { dev } = make('rb5009-7.15')
    const ether3 = rows(dev, '/interface').find((r) => r.name === 'ether3')
    dev.exec('/interface', 'set', { '.id': ether3?.['.id'] ?? '', comment: 'uplink' }, admin)
    dev.exec('/interface', 'disable', { numbers: 'ether3' }, admin)
    expect(rows(dev, '/interface').find((r) => r.name === 'ether3')).toMatchObject({
      comment: 'uplink',
      disabled: 'true',
      running: 'false',
    })
    expect(
      dev.tree.list('/interface/ethernet').find((i) => i.props.name === 'ether3')?.props.disabled,
    ).toBe('true')
  })

  it('scripts run CLI lines through the dispatcher, including [ find ]', () => {
    const { dev } = make('rb5009-7.15')
    dev.exec(
      '/system/script',
      'add',
      {
        name: 's1',
        source:
          '/interface set [ find default-name=ether4 ] comment="from script"\n:log info "hello"; /ip address add address=10.9.0.1/24 interface=ether4',
      },
      admin,
    )
    dev.exec('/system/script', 'run', { numbers: 's1' }, admin)
    expect(rows(dev, '/interface').find((r) => r.name === 'ether4')?.comment).toBe('from script')
    expect(rows(dev, '/ip/address').some((r) => r.address === '10.9.0.1/24')).toBe(true)
    expect(rows(dev, '/log').map((r) => r.message)).toContain('hello')
    expect(rows(dev, '/system/script')[0]?.['run-count']).toBe('1')
  })

  it('routes: dynamic connected and default routes plus static ones, countable by flags', () => {
    const { dev } = make('rb5009-7.15')
    const before = rows(dev, '/ip/route')
    expect(before.map((r) => r['dst-address'])).toEqual(['0.0.0.0/0', '192.168.88.0/24'])
    dev.exec('/ip/route', 'add', { 'dst-address': '10.99.0.0/16', gateway: '192.168.88.2' }, admin)
    dev.exec('/ip/address', 'add', { address: '172.16.0.1/30', interface: 'ether2' }, admin)
    const after = rows(dev, '/ip/route')
    expect(after).toHaveLength(4)
    expect(after.filter((r) => r.static === 'true').map((r) => r['dst-address'])).toEqual([
      '10.99.0.0/16',
    ])
    expect(after.find((r) => r['dst-address'] === '172.16.0.0/30')).toMatchObject({
      connect: 'true',
      dynamic: 'true',
    })
  })

  it('safe mode: unroll discards changes now, release keeps them, a dropped owner rolls back', () => {
    const { dev } = make('chr-7.18')
    const open = () =>
      dev.openSession({
        user: 'admin',
        group: 'full',
        via: 'api',
        address: '127.0.0.1',
        policies: ALL_POLICIES,
      })
    const s1 = open()
    const ctx = { ...admin, session: s1 }
    dev.exec('/safe-mode', 'take', {}, ctx)
    dev.exec('/system/identity', 'set', { name: 'tmp' }, ctx)
    dev.exec('/safe-mode', 'unroll', {}, ctx)
    expect(dev.identity).toBe('t-chr-7.18')
    dev.exec('/safe-mode', 'take', {}, ctx)
    dev.exec('/system/identity', 'set', { name: 'keep' }, ctx)
    dev.exec('/safe-mode', 'release', {}, ctx)
    expect(() => dev.exec('/safe-mode', 'release', {}, ctx)).toThrow(Trap)
    dev.exec('/safe-mode', 'take', {}, ctx)
    dev.exec('/ip/address', 'add', { address: '10.0.0.9/24', interface: 'ether1' }, ctx)
    dev.closeSession(s1)
    expect(dev.identity).toBe('keep')
    expect(rows(dev, '/ip/address')).toEqual([])
    expect(dev.safeMode).toBeUndefined()
  })

  it('backup load restores the saved state and reboots', () => {
    const { dev, clock } = make('hap-ac-6.49')
    dev.exec('/system/backup', 'save', { name: 'b1' }, admin)
    expect(rows(dev, '/file').map((f) => [f.name, f.type])).toEqual([['b1.backup', 'backup']])
    dev.exec('/system/identity', 'set', { name: 'after' }, admin)
    const res = dev.exec('/system/backup', 'load', { name: 'b1.backup' }, admin)
    res.after?.()
    expect(dev.state).toBe('rebooting')
    clock.advance(5000)
    expect(dev.state).toBe('up')
    expect(dev.identity).toBe('t-hap-ac-6.49')
  })
})

describe('default configuration export', () => {
  it('exports like a defconf router: no built-in users, groups, services or default flags', () => {
    const { dev } = make('rb5009-7.15')
    const text = renderTreeExport(dev, { eol: '\n' })
    expect(text).toContain(
      '/ip address\nadd address=192.168.88.1/24 comment=defconf interface=bridge',
    )
    expect(text).toContain('# model = RB5009UPr+S+')
    expect(text).not.toMatch(/disabled=no|\/user|\/ip service|time-zone-name/)
  })
})

describe('shared base tree', () => {
  it('devices cloned from one seeded tree have their own identity and independent changes', async () => {
    const { seededTree } = await import('../../../../src/sim/index.ts')
    const base = seededTree({ persona: 'rb5009-7.15' })
    const a = new SimRouter({
      persona: 'rb5009-7.15',
      name: 'a',
      clock: new ManualClock(),
      baseTree: base,
    })
    const b = new SimRouter({
      persona: 'rb5009-7.15',
      name: 'b',
      clock: new ManualClock(),
      baseTree: base,
    })
    expect([a.identity, b.identity]).toEqual(['a', 'b'])
    a.exec('/ip/address', 'add', { address: '10.5.5.1/24', interface: 'ether2' }, admin)
    expect(rows(a, '/ip/address')).toHaveLength(2)
    expect(rows(b, '/ip/address')).toHaveLength(1)
    expect(base.list('/ip/address')).toHaveLength(1)
  })
})
