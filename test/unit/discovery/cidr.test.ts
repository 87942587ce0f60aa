import { describe, expect, it } from 'vitest'
import { hostBounds, overlaps, parseCidr } from '../../../src/discovery/cidr.ts'

describe('parseCidr', () => {
  it('accepts a /24 and a /16 and a single address', () => {
    const a = parseCidr('192.168.88.0/24')
    expect(a.ok && a.cidr).toMatchObject({ text: '192.168.88.0/24', prefix: 24 })
    expect(parseCidr(' 10.1.0.0/16 ').ok).toBe(true)
    const one = parseCidr('127.20.0.7')
    expect(one.ok && one.cidr.text).toBe('127.20.0.7/32')
  })
  it('refuses anything wider than a /16 with a clear message', () => {
    const r = parseCidr('10.0.0.0/8')
    expect(r).toEqual({
      ok: false,
      message: 'A /8 is too wide to scan: use /16 (65,536 addresses) or narrower.',
    })
  })
  it.each([
    ['10.0.0.1/24', /host bits set: did you mean 10\.0\.0\.0\/24/],
    ['10.0.0.0/33', /prefix length/],
    ['10.0.0.0/2a', /prefix length/],
    ['010.0.0.0/24', /not an IPv4 address/],
    ['256.0.0.0/24', /not an IPv4 address/],
    ['10.0.0/24', /not an IPv4 address/],
    ['fe80::/64', /not an IPv4 address/],
    ['10.0.0.0/24/1', /Enter a range/],
    ['', /Enter a range/],
  ])('refuses %s', (input, message) => {
    const r = parseCidr(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
})

describe('hostBounds and overlaps', () => {
  it('leaves out the network and broadcast addresses of a /30 or wider', () => {
    const r = parseCidr('127.20.0.0/29')
    if (!r.ok) throw new Error('parse')
    expect(hostBounds(r.cidr).count).toBe(6)
    const p = parseCidr('127.20.0.0/31')
    if (!p.ok) throw new Error('parse')
    expect(hostBounds(p.cidr).count).toBe(2)
  })
  it('sees overlap at the edges only when ranges share an address', () => {
    expect(overlaps({ first: 1, last: 5 }, { first: 5, last: 9 })).toBe(true)
    expect(overlaps({ first: 1, last: 4 }, { first: 5, last: 9 })).toBe(false)
  })
})
