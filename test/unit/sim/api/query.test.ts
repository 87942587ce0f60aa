import { describe, expect, it } from 'vitest'
import { applyOps, compileQuery } from '../../../../src/sim/api/query.ts'
import { Trap } from '../../../../src/sim/device/trap.ts'

const ifaces: Record<string, string>[] = [
  { name: 'ether1', type: 'ether', mtu: '1500', comment: 'wan' },
  { name: 'ether2', type: 'ether', mtu: '9000' },
  { name: 'vlan10', type: 'vlan', mtu: '1500', comment: '' },
  { name: 'br', type: 'bridge', mtu: '1500' },
]
const names = (words: string[]) => ifaces.filter(compileQuery(words)).map((r) => r.name)

describe('query stack machine', () => {
  it('matches everything without query words', () => {
    expect(names([])).toEqual(['ether1', 'ether2', 'vlan10', 'br'])
  })

  it('tests presence, absence and equality (both ?name=x and ?=name=x)', () => {
    expect(names(['?comment'])).toEqual(['ether1', 'vlan10'])
    expect(names(['?-comment'])).toEqual(['ether2', 'br'])
    expect(names(['?type=vlan'])).toEqual(['vlan10'])
    expect(names(['?=type=vlan'])).toEqual(['vlan10'])
    expect(names(['?comment='])).toEqual(['vlan10'])
  })

  it('compares numbers numerically and strings lexically', () => {
    expect(names(['?>mtu=2000'])).toEqual(['ether2'])
    expect(names(['?<mtu=2000'])).toEqual(['ether1', 'vlan10', 'br'])
    expect(names(['?>comment='])).toEqual(['ether1'])
    expect(names(['?<name=c'])).toEqual(['br'])
  })

  it('combines with ?#| ?#& and ?#!', () => {
    expect(names(['?type=ether', '?type=vlan', '?#|'])).toEqual(['ether1', 'ether2', 'vlan10'])
    expect(names(['?type=ether', '?type=vlan', '?#|!'])).toEqual(['br'])
    expect(names(['?type=ether', '?mtu=1500', '?#&'])).toEqual(['ether1'])
    expect(names(['?type=ether', '?mtu=1500', '?#&!'])).toEqual(['ether2', 'vlan10', 'br'])
  })

  it('ANDs consecutive words implicitly (any false on the stack rejects)', () => {
    expect(names(['?type=ether', '?mtu=1500'])).toEqual(['ether1'])
  })

  it('treats popping an empty stack as true', () => {
    expect(names(['?#!'])).toEqual([])
    expect(names(['?#&'])).toEqual(['ether1', 'ether2', 'vlan10', 'br'])
  })

  it('handles stack indexes: copy in the middle, replace at the end', () => {
    expect(applyOps('0', [false, true])).toEqual([true])
    expect(applyOps('1', [false, true])).toEqual([false])
    expect(applyOps('1&', [true, false])).toEqual([true, false])
    expect(applyOps('1|', [true, false])).toEqual([true, true])
    expect(applyOps('5', [false])).toEqual([true])
  })

  it("handles '.': no-op after an index, copy of the top otherwise", () => {
    expect(applyOps('1.', [true, false])).toEqual([true, false, true])
    expect(applyOps('.', [true, false])).toEqual([true, false, false])
    expect(applyOps('!.', [true])).toEqual([false, false])
  })

  it('uses a stack index to drop earlier results: ?#0 keeps only the last one', () => {
    expect(names(['?type=bridge', '?type=ether', '?#0'])).toEqual(['ether1', 'ether2'])
    expect(names(['?type=bridge', '?type=ether', '?#1'])).toEqual(['br'])
  })

  it('rejects unknown operations with a trap', () => {
    expect(() => compileQuery(['?#x'])({ a: '1' })).toThrow(Trap)
  })
})
