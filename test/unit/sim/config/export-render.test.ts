import { describe, expect, it } from 'vitest'
import { ConfigTree } from '../../../../src/sim/config/config-tree.ts'
import { renderExport, formatRouterDate } from '../../../../src/sim/config/export-render.ts'
import { parseExport } from '../../../../src/sim/config/export-parser.ts'

const DATE = new Date('2022-09-20T10:55:02Z')

function device(): ConfigTree {
  const t = new ConfigTree()
  t.defineMenu('/interface/ethernet', { defaults: { mtu: '1500', disabled: 'false' } })
  for (const n of ['ether1', 'ether2']) {
    t.add(
      '/interface/ethernet',
      { name: n, 'default-name': n },
      { builtin: { kind: 'default-name', value: n } },
    )
  }
  t.setSingleton('/system/identity', { name: 'MikroTik' }, { asDefaults: true })
  t.add('/ppp/secret', { name: 'bob', password: 'hunter2', service: 'pppoe' })
  t.add('/ip/address', { address: '10.9.9.9/32', interface: 'ether1', dynamic: 'true' })
  return t
}

describe('renderExport', () => {
  it('prints only non-default values in compact mode and everything in verbose mode', () => {
    const t = device()
    const e1 = t.resolve('/interface/ethernet', 'ether1')?.id as string
    t.set('/interface/ethernet', e1, { mtu: '1500', comment: 'uplink' })
    const compact = renderExport(t, { version: '7.18.2', date: DATE, eol: '\n' })
    expect(compact).toContain(
      '/interface ethernet\nset [ find default-name=ether1 ] comment=uplink\n/ppp secret\n',
    )
    expect(compact).not.toContain('ether2')
    expect(compact).not.toContain('/system identity')
    expect(compact).not.toContain('10.9.9.9') // dynamic items are not configuration
    const verbose = renderExport(t, { version: '7.18.2', date: DATE, eol: '\n', verbose: true })
    expect(verbose).toContain('set [ find default-name=ether2 ] disabled=no mtu=1500 name=ether2\n')
    expect(verbose).toContain('/system identity\nset name=MikroTik\n')
  })

  it('hides secrets by default on v7 and only with hide-sensitive on v6', () => {
    const t = device()
    const v7 = renderExport(t, { version: '7.15.2', date: DATE })
    const v7s = renderExport(t, { version: '7.15.2', date: DATE, showSensitive: true })
    const v6 = renderExport(t, { version: '6.49.6', date: DATE })
    const v6h = renderExport(t, { version: '6.49.6', date: DATE, hideSensitive: true })
    expect(v7).toContain('add name=bob service=pppoe\r\n')
    expect(v7s).toContain('add name=bob password=hunter2 service=pppoe\r\n')
    expect(v6).toContain('password=hunter2')
    expect(v6h).not.toContain('hunter2')
  })

  it('prints the header each version and board prints', () => {
    const t = new ConfigTree()
    const head = (o: Parameters<typeof renderExport>[1]): string[] =>
      renderExport(t, { ...o, eol: '\n' }).split('\n')
    expect(head({ version: '6.48.1', date: DATE, softwareId: '' }).slice(0, 5)).toEqual([
      '# sep/20/2022 10:55:02 by RouterOS 6.48.1',
      '# software id = ',
      '#',
      '#',
      '#',
    ])
    expect(head({ version: '7.10', date: DATE }).slice(0, 4)).toEqual([
      '# 2022-09-20 10:55:02 by RouterOS 7.10',
      '# software id = ',
      '#',
      '',
    ])
    expect(
      head({
        version: '7.9.2',
        date: DATE,
        softwareId: 'AB12-CD34',
        model: 'RB5009UPr+S+',
        serial: 'X1',
      }),
    ).toEqual([
      '# sep/20/2022 10:55:02 by RouterOS 7.9.2',
      '# software id = AB12-CD34',
      '#',
      '# model = RB5009UPr+S+',
      '# serial number = X1',
      '',
    ])
    expect(formatRouterDate(new Date('2026-01-02T03:04:05Z'), '7.21')).toBe('2026-01-02 03:04:05')
  })

  it('exports one menu, removed built-ins and export errors', () => {
    const t = device()
    const id = t.add('/snmp/community', { name: 'public' }, { builtin: { kind: 'default' } })
    t.remove('/snmp/community', id)
    const out = renderExport(t, {
      version: '7.10.1',
      date: DATE,
      eol: '\n',
      menu: '/snmp',
      exportErrors: ['/interface/bridge/calea', '/snmp/x'],
    })
    expect(out.split('\n').slice(3)).toEqual([
      '/snmp community',
      'remove [ find default=yes ]',
      '#error exporting /snmp/x',
      '',
    ])
  })

  it('wraps long values inside quotes and parses them back', () => {
    const t = new ConfigTree()
    const long = Array.from({ length: 30 }, (_, i) => `item-${i}`).join(',') + ' and spaces'
    t.add('/ip/firewall/filter', { chain: 'input', comment: long })
    const out = renderExport(t, { version: '7.18.2', date: DATE })
    const lines = out.split('\r\n')
    expect(lines.filter((l) => l.endsWith('\\')).length).toBeGreaterThan(2)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(79)
    const back = parseExport(out).commands[0]
    expect(back?.args).toEqual([
      ['chain', 'input'],
      ['comment', long],
    ])
  })
})
