import { describe, expect, it } from 'vitest'
import { parseExport, properties, setTarget } from '../../../src/compliance/export-lines.ts'

describe('parseExport', () => {
  it('reads terse v6 lines, CRLF and continuations', () => {
    const text =
      '# jan/02/1970 by RouterOS 6.49\r\n/ip service set telnet disabled=yes\r\n/ip firewall filter\r\nadd action=drop \\\r\n    chain=input\r\n'
    const cmds = parseExport(text)
    expect(cmds).toEqual([
      expect.objectContaining({
        path: '/ip service',
        verb: 'set',
        args: 'telnet disabled=yes',
        line: 2,
      }),
      expect.objectContaining({ path: '/ip firewall filter', verb: 'add', line: 4 }),
    ])
    expect(cmds[1]?.text).toBe('add action=drop chain=input')
  })

  it('parses quoted values and find selectors', () => {
    expect(properties('add comment="a \\"b\\" c" chain=input').get('comment')).toBe('a "b" c')
    expect(setTarget('[ find default-name=ether1 ] disabled=yes')).toBe('ether1')
    expect(setTarget('3 remote=192.0.2.1')).toBe('3')
    expect(setTarget('enabled=yes')).toBeUndefined()
  })
})
