import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { normalizeExport } from '../../../src/backups/normalize.ts'
import { describeChange, lineSections, summarizeChange } from '../../../src/backups/summary.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const read = (f: string): string => normalizeExport(readFileSync(join(DIR, f), 'utf8'))

describe('summarizeChange', () => {
  it('counts lines added and removed per section (6.49 fixture)', () => {
    const a = read('rb4011_6.49.10.rsc')
    const b = a
      .replace('add address=10.10.20.1/24 interface=vlan20-voice network=10.10.20.0\n', '')
      .replace('set name=office-core', 'set name=office-core-2')
      .replace(
        'add action=masquerade chain=srcnat out-interface-list=WAN\n',
        'add action=masquerade chain=srcnat out-interface-list=WAN\nadd action=accept chain=srcnat\n',
      )
    const s = summarizeChange(a, b)
    expect(s.added).toBe(2)
    expect(s.removed).toBe(2)
    expect(s.sections).toEqual([
      { section: '/ip address', added: 0, removed: 1 },
      { section: '/ip firewall nat', added: 1, removed: 0 },
      { section: '/system identity', added: 1, removed: 1 },
    ])
    expect(describeChange(s)).toBe('+2 −2 in /ip address, /ip firewall nat, /system identity')
  })

  it('reports a version upgrade as a header change and a first version as all added (7.15)', () => {
    const a = read('rb5009_7.15.3.rsc')
    const s = summarizeChange(a, a.replace('RouterOS 7.15.3', 'RouterOS 7.16'))
    expect(s.sections).toEqual([{ section: 'header', added: 1, removed: 1 }])
    const first = summarizeChange('', a)
    expect(first.removed).toBe(0)
    expect(first.added).toBe(a.split('\n').length - 1)
    expect(describeChange(summarizeChange(a, a))).toBe('no change')
  })

  it('places terse lines in their own menu', () => {
    expect(
      lineSections([
        '/ip address add address=1.2.3.4/32 interface=lo',
        '/tool graphing interface add',
        '/ip dns',
        'set servers=1.1.1.1',
      ]),
    ).toEqual(['/ip address', '/tool graphing interface', '/ip dns', '/ip dns'])
  })
})
