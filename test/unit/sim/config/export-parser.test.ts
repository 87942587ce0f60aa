import { describe, expect, it } from 'vitest'
import { parseExport } from '../../../../src/sim/config/export-parser.ts'
import { lexRsc } from '../../../../src/sim/config/rsc-lexer.ts'

describe('parseExport', () => {
  it('reads v6 and v7 headers, export errors and comments', () => {
    const v6 = parseExport(
      '# sep/20/2022 10:55:02 by RouterOS 6.49.6\r\n# software id = IA5H-12KT\r\n#\r\n#\r\n#\r\n#error exporting /interface bridge calea\r\n',
    )
    expect(v6.header).toEqual({
      date: 'sep/20/2022 10:55:02',
      version: '6.49.6',
      softwareId: 'IA5H-12KT',
    })
    expect(v6.exportErrors).toEqual(['/interface/bridge/calea'])
    const v7 = parseExport(
      '# 2026-01-21 01:17:52 by RouterOS 7.21\n# software id = \n#\n# model = RB5009UPr+S+\n# serial number = HE\n# inactive time\n',
    )
    expect(v7.header).toEqual({
      date: '2026-01-21 01:17:52',
      version: '7.21',
      softwareId: '',
      model: 'RB5009UPr+S+',
      serial: 'HE',
    })
    expect(v7.comments).toEqual(['#', '# inactive time'])
  })

  it('parses sections, terse lines, slash commands and selectors', () => {
    const p = parseExport(
      [
        '/interface ethernet',
        'set [ find default-name=ether1 ] comment=WAN',
        'set [ find where name="my port" disabled=no ] mtu=1600',
        '/port set 0 name=serial0',
        'remove [ find default=yes ]',
        '/ip/address/add address=1.2.3.4/32 interface=lo',
        '/ip service set telnet,ftp disabled=yes; /system reboot',
        '/export compact file=x',
        'enable *1A',
      ].join('\n'),
    )
    expect(p.commands.map((c) => [c.path, c.verb, c.selector, c.args, c.flags])).toEqual([
      [
        '/interface/ethernet',
        'set',
        { kind: 'find', where: { 'default-name': 'ether1' } },
        [['comment', 'WAN']],
        [],
      ],
      [
        '/interface/ethernet',
        'set',
        { kind: 'find', where: { name: 'my port', disabled: 'no' } },
        [['mtu', '1600']],
        [],
      ],
      ['/port', 'set', { kind: 'ref', values: ['0'] }, [['name', 'serial0']], []],
      // a command with a full path does not change the current menu, a bare path does
      ['/interface/ethernet', 'remove', { kind: 'find', where: { default: 'yes' } }, [], []],
      [
        '/ip/address',
        'add',
        undefined,
        [
          ['address', '1.2.3.4/32'],
          ['interface', 'lo'],
        ],
        [],
      ],
      ['/ip/service', 'set', { kind: 'ref', values: ['telnet', 'ftp'] }, [['disabled', 'yes']], []],
      // `reboot` is a command of /system (not a menu), so the current menu stays /interface/ethernet
      ['/system', 'reboot', undefined, [], []],
      ['/', 'export', undefined, [['file', 'x']], ['compact']],
      ['/interface/ethernet', 'enable', { kind: 'ref', values: ['*1A'] }, [], []],
    ])
  })

  it('joins continuations inside and outside quotes, with CRLF', () => {
    const p = parseExport(
      '/ip firewall filter\r\nadd action=accept chain=input comment=\\\r\n    "a long \\\r\n    comment" \\\r\n    protocol=tcp\r\n',
    )
    expect(p.commands[0]?.args).toEqual([
      ['action', 'accept'],
      ['chain', 'input'],
      ['comment', 'a long comment'],
      ['protocol', 'tcp'],
    ])
  })

  it('decodes every escape RouterOS writes', () => {
    const [st] = lexRsc('x v="q\\"b\\\\s\\$d\\?h\\_sp\\t\\r\\n\\41\\C3\\A9\\FF"')
    const tok = st?.kind === 'tokens' ? st.tokens[1] : undefined
    expect(tok).toEqual({ key: 'v', value: 'q"b\\s$d?h sp\t\r\nAé\u00ff', quoted: true })
  })

  it('reports unterminated quotes and brackets', () => {
    expect(() => parseExport('/ip address\nadd comment="oops\n')).toThrow(
      /unterminated quoted string/,
    )
    expect(() => parseExport('/ip address\nset [ find name=x mtu=1\n')).toThrow(
      /unterminated \[ \]/,
    )
  })
})
