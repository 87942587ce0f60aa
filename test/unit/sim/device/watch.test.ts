import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../../src/sim/device/device.ts'
import { ALL_POLICIES } from '../../../../src/sim/device/users.ts'
import { watchMenu } from '../../../../src/sim/device/watch.ts'

const admin = { user: 'admin', policies: ALL_POLICIES }

describe('watchMenu (listen)', () => {
  it('/interface reports type-menu changes under the merged ids, removals as .dead', () => {
    const dev = new SimRouter({ persona: 'rb5009-7.15', clock: new ManualClock() })
    const seen: Record<string, string>[] = []
    const stop = watchMenu(dev, '/interface', (r) => seen.push(r))
    dev.exec(
      '/interface/vlan',
      'add',
      { name: 'vlan20', 'vlan-id': '20', interface: 'ether1' },
      admin,
    )
    const id = dev.exec('/interface', 'print', {}, admin).rows?.find((r) => r.name === 'vlan20')?.[
      '.id'
    ]
    expect(seen[0]).toMatchObject({ '.id': id, name: 'vlan20', type: 'vlan' })
    dev.exec('/interface/vlan', 'remove', { numbers: 'vlan20' }, admin)
    expect(seen[1]).toEqual({ '.id': id, '.dead': 'yes' })
    stop()
    dev.exec(
      '/interface/vlan',
      'add',
      { name: 'vlan30', 'vlan-id': '30', interface: 'ether1' },
      admin,
    )
    expect(seen).toHaveLength(2)
  })

  it('singletons report their whole row; /log reports new entries', () => {
    const dev = new SimRouter({ persona: 'chr-7.18', clock: new ManualClock() })
    const ident: Record<string, string>[] = []
    const logs: Record<string, string>[] = []
    watchMenu(dev, '/system/identity', (r) => ident.push(r))
    watchMenu(dev, '/log', (r) => logs.push(r))
    dev.exec('/system/identity', 'set', { name: 'renamed' }, admin)
    dev.exec('/log', 'warning', { message: 'disk almost full' }, admin)
    expect(ident).toEqual([{ name: 'renamed' }])
    // RouterOS logs every edit (topics system,info); backups capture after one
    expect(logs.map((l) => [l.topics, l.message])).toEqual([
      ['system,info', 'identity changed by admin'],
      ['script,warning', 'disk almost full'],
    ])
  })
})
