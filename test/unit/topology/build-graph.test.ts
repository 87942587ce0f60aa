// The graph from stored neighbour tables: matching by MAC, address and identity, one link per
// cable reported from both ends, unmanaged neighbours, and faulty entries named, never guessed.
import { describe, expect, it } from 'vitest'
import { buildGraph, type SnapshotRow } from '../../../src/topology/build-graph.ts'
import { layoutGraph, NODE_W } from '../../../src/topology/layout.ts'
import type { TopologyDeviceRow } from '../../../src/topology/topology.repo.ts'

const dev = (id: string, over: Partial<TopologyDeviceRow> = {}): TopologyDeviceRow =>
  ({
    id,
    name: id,
    identity: id,
    host: `10.0.0.${id.length}`,
    site_id: 's1',
    last_status: 'online',
    board: 'RB5009',
    latitude: null,
    longitude: null,
    ...over,
  }) as TopologyDeviceRow

const snap = (device_id: string, kind: string, data: unknown): SnapshotRow => ({
  device_id,
  kind,
  data_json: typeof data === 'string' ? data : JSON.stringify(data),
})

const sites = new Map([['s1', 'Vienna']])

describe('buildGraph', () => {
  it('merges both ends of one cable into one link with both interfaces', () => {
    const g = buildGraph([dev('core'), dev('edge')], sites, [
      snap('core', 'interfaces', [{ name: 'ether1', macAddress: '4c:5e:0c:00:00:01' }]),
      snap('edge', 'interfaces', [{ name: 'ether8', macAddress: '4C:5E:0C:00:00:02' }]),
      // core sees edge by MAC (case differs), edge sees core by MAC
      snap('core', 'neighbours', [
        {
          interfaces: ['ether1', 'bridge'],
          macAddress: '4C:5E:0C:00:00:02',
          identity: 'x',
          remoteInterface: 'ether8',
          discoveredBy: ['mndp'],
        },
      ]),
      snap('edge', 'neighbours', [
        {
          interfaces: ['ether8'],
          macAddress: '4c:5e:0c:00:00:01',
          remoteInterface: 'ether1',
          discoveredBy: ['lldp'],
        },
      ]),
    ])
    expect(g.links).toEqual([
      {
        id: 'd:core|d:edge|0',
        from: 'd:core',
        to: 'd:edge',
        fromInterface: 'ether1',
        toInterface: 'ether8',
        discoveredBy: ['mndp', 'lldp'],
      },
    ])
    expect(g.nodes.map((n) => n.kind)).toEqual(['device', 'device'])
  })

  it('matches by address and identity; a neighbour pointing at an unknown device is an unmanaged node', () => {
    const g = buildGraph(
      [dev('gw', { host: '192.0.2.1' }), dev('ap', { identity: 'ap-lobby' })],
      sites,
      [
        snap('ap', 'neighbours', [
          { interfaces: ['ether1'], address: '192.0.2.1' },
          { interfaces: ['wlan1'], identity: 'AP-Lobby' },
          {
            interfaces: ['ether2'],
            identity: 'sw-core',
            macAddress: '4C:5E:0C:12:AA:CC',
            platform: 'MikroTik',
            board: 'CRS326',
          },
          { interfaces: ['ether3'], identity: 'sw-core', macAddress: '4C:5E:0C:12:AA:CC' },
        ]),
      ],
    )
    expect(g.links.map((l) => [l.from, l.to])).toEqual([
      ['d:ap', 'd:gw'],
      ['d:ap', 'n:mac:4C:5E:0C:12:AA:CC'],
      ['d:ap', 'n:mac:4C:5E:0C:12:AA:CC'],
    ])
    const n = g.nodes.find((x) => x.kind === 'neighbour')
    expect(n).toMatchObject({
      label: 'sw-core',
      status: 'unmanaged',
      siteName: 'Vienna',
      deviceId: null,
    })
  })

  it('names what it leaves out: unreadable lists and entries with nothing to identify', () => {
    const g = buildGraph([dev('a'), dev('b')], sites, [
      snap('a', 'neighbours', '{not json'),
      snap('b', 'neighbours', [{ interfaces: ['ether1'] }, { interfaces: 7, identity: 42 }, null]),
      snap('gone', 'neighbours', [{ identity: 'x' }]),
    ])
    expect(g.problems).toEqual([
      'The neighbours list of a could not be read.',
      'b: 2 neighbour entries have no MAC, address or identity and were left out.',
    ])
    expect(g.links).toEqual([])
  })
})

describe('layoutGraph', () => {
  it('boxes each site and keeps every node inside its box', () => {
    const devices = [
      ...Array.from({ length: 6 }, (_, i) => dev(`v${i}`)),
      ...Array.from({ length: 3 }, (_, i) => dev(`n${i}`, { site_id: null })),
    ]
    const neighbours = [1, 2, 3].map((i) =>
      snap('v0', 'neighbours', [{ interfaces: [`ether${i}`], identity: `v${i}` }]),
    )
    const g = layoutGraph(
      buildGraph(devices, sites, [
        snap(
          'v0',
          'neighbours',
          [1, 2, 3].map((i) => ({ interfaces: [`ether${i}`], identity: `v${i}` })),
        ),
        ...neighbours.slice(3),
      ]),
    )
    expect(g.groups.map((x) => x.name)).toEqual(['Vienna', 'No site'])
    for (const n of g.nodes) {
      const box = g.groups.find((x) => x.siteId === n.siteId)
      expect(box, n.id).toBeDefined()
      expect(n.x - NODE_W / 2).toBeGreaterThanOrEqual(box!.x)
      expect(n.x + NODE_W / 2).toBeLessThanOrEqual(box!.x + box!.width)
      expect(n.y).toBeLessThanOrEqual(box!.y + box!.height)
    }
    expect(g.links).toHaveLength(3)
  })
})
