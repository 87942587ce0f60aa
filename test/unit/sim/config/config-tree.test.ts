import { describe, expect, it } from 'vitest'
import { ConfigTree } from '../../../../src/sim/config/config-tree.ts'
import type { ChangeEvent } from '../../../../src/sim/config/config-tree.ts'

describe('ConfigTree', () => {
  it('adds items with monotonic hex ids per menu, in insertion order', () => {
    const t = new ConfigTree()
    const ids = Array.from({ length: 11 }, (_, i) =>
      t.add('/ip/address', { address: `10.0.0.${i}/24` }),
    )
    expect(ids[0]).toBe('*1')
    expect(ids[9]).toBe('*A')
    expect(ids[10]).toBe('*B')
    expect(t.add('/ip/pool', { name: 'p' })).toBe('*1')
    t.remove('/ip/address', '*B')
    expect(t.add('/ip/address', { address: '10.1.0.1/24' })).toBe('*C')
    expect(
      t
        .list('/ip/address')
        .map((e) => e.props.address)
        .slice(0, 2),
    ).toEqual(['10.0.0.0/24', '10.0.0.1/24'])
  })

  it('sets, unsets and tracks explicit keys against defaults', () => {
    const t = new ConfigTree()
    const id = t.add(
      '/interface/ethernet',
      { name: 'ether1', 'default-name': 'ether1', mtu: '1500' },
      {
        builtin: { kind: 'default-name', value: 'ether1' },
      },
    )
    expect(t.get('/interface/ethernet', id)?.explicit).toEqual([])
    t.set('/interface/ethernet', id, { mtu: '1514', comment: 'x' })
    const e = t.get('/interface/ethernet', id)
    expect(e?.props.mtu).toBe('1514')
    expect([...(e?.explicit ?? [])].sort()).toEqual(['comment', 'mtu'])
    t.unset('/interface/ethernet', id, ['mtu', 'comment'])
    expect(t.get('/interface/ethernet', id)?.props).toEqual({
      name: 'ether1',
      'default-name': 'ether1',
      mtu: '1500',
    })
    expect(t.resolve('/interface/ethernet', 'ether1')?.id).toBe(id)
    expect(() => t.set('/interface/ethernet', '*99', { mtu: '1' })).toThrow(/no such item/)
  })

  it('keeps removed built-in items as tombstones for export, not for list', () => {
    const t = new ConfigTree()
    const id = t.add('/snmp/community', { name: 'public' }, { builtin: { kind: 'default' } })
    t.remove('/snmp/community', id)
    expect(t.list('/snmp/community')).toEqual([])
    expect(t.entries('/snmp/community')[0]?.removed).toBe(true)
    expect(t.get('/snmp/community', id)).toBeUndefined()
  })

  it('handles singletons with defaults', () => {
    const t = new ConfigTree()
    expect(t.isSingleton('/system/identity')).toBe(true)
    expect(t.isSingleton('/ip/service')).toBe(false)
    t.setSingleton('/system/identity', { name: 'MikroTik' }, { asDefaults: true })
    expect(t.singletonEntry('/system/identity')?.explicit).toEqual([])
    t.setSingleton('/system/identity', { name: 'r1' })
    expect(t.getSingleton('/system/identity')).toEqual({ name: 'r1' })
    expect(t.singletonEntry('/system/identity')?.explicit).toEqual(['name'])
    expect(() => t.add('/system/identity', { name: 'x' })).toThrow(/settings menu/)
  })

  it('emits change events including dead items', () => {
    const t = new ConfigTree()
    const evs: ChangeEvent[] = []
    const off = t.onChange((ev) => evs.push(ev))
    const id = t.add('/ip/route', { 'dst-address': '0.0.0.0/0' })
    t.set('/ip/route', id, { distance: '2' })
    t.remove('/ip/route', id)
    off()
    t.add('/ip/route', {})
    expect(evs.map((e) => [e.path, e.id, e.dead ?? false, e.item?.props.distance])).toEqual([
      ['/ip/route', '*1', false, undefined],
      ['/ip/route', '*1', false, '2'],
      ['/ip/route', '*1', true, undefined],
    ])
  })

  it('snapshot/restore round-trips through JSON and isolates later changes', () => {
    const t = new ConfigTree()
    const id = t.add('/ip/address', { address: '1.1.1.1/32' })
    t.setSingleton('/system/identity', { name: 'before' })
    const snap = JSON.parse(JSON.stringify(t.snapshot())) as unknown
    t.set('/ip/address', id, { address: '2.2.2.2/32' })
    t.setSingleton('/system/identity', { name: 'after' })
    t.add('/ip/pool', { name: 'x' })
    t.restore(snap)
    expect(t.get('/ip/address', id)?.props.address).toBe('1.1.1.1/32')
    expect(t.getSingleton('/system/identity').name).toBe('before')
    expect(t.menus()).toEqual(['/ip/address', '/system/identity'])
    expect(t.add('/ip/address', {})).toBe('*2')
  })

  it('clones share records but copy on write in both directions', () => {
    const a = new ConfigTree()
    const id = a.add('/ip/address', { address: '1.1.1.1/32' })
    const b = a.clone()
    b.set('/ip/address', id, { address: '9.9.9.9/32' })
    a.add('/ip/address', { address: '3.3.3.3/32' })
    expect(a.get('/ip/address', id)?.props.address).toBe('1.1.1.1/32')
    expect(b.list('/ip/address').map((e) => e.props.address)).toEqual(['9.9.9.9/32'])
    expect(a.list('/ip/address')).toHaveLength(2)
  })

  it('orders menus the way /export prints them', () => {
    const t = new ConfigTree()
    t.setSingleton('/system/identity', { name: 'x' })
    t.add('/ip/address', {})
    t.add('/interface/bridge', { name: 'bridge' })
    t.add('/zz/unknown', {})
    t.add('/ip/firewall/filter', {})
    // an unknown menu follows the menu written last (here the bridge)
    expect(t.menus()).toEqual([
      '/interface/bridge',
      '/zz/unknown',
      '/ip/address',
      '/ip/firewall/filter',
      '/system/identity',
    ])
  })

  it('moves items', () => {
    const t = new ConfigTree()
    const a = t.add('/ip/firewall/filter', { chain: 'a' })
    t.add('/ip/firewall/filter', { chain: 'b' })
    const c = t.add('/ip/firewall/filter', { chain: 'c' })
    t.move('/ip/firewall/filter', c, a)
    expect(t.list('/ip/firewall/filter').map((e) => e.props.chain)).toEqual(['c', 'a', 'b'])
  })
})
