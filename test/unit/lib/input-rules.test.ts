import { describe, expect, it } from 'vitest'
import { decimalNumber, hostProblem, textProblem } from '../../../src/lib/input-rules.ts'

describe('hostProblem', () => {
  it.each([
    '192.0.2.10',
    '10.0.0.1',
    '::1',
    'fe80::1%eth0',
    'router-1',
    'r1.example.com',
    'core.site1',
    'a1.b2.',
    '1.2.3.example',
  ])('accepts %s', (host) => expect(hostProblem(host)).toBeUndefined())
  it.each([
    '999.1.1.1',
    '256.256.256.256',
    '1.2.3.4.5',
    '1.2.3',
    '1.2',
    '0x7f.1',
    '010.0.0.1',
    '10.0.0.1.',
    'router_1',
    '',
  ])('refuses %j', (host) => expect(hostProblem(host)).toBeDefined())
})

describe('decimalNumber', () => {
  it.each([
    ['8728', 8728],
    [' 22 ', 22],
    ['+5', 5],
    ['-3', -3],
  ])('reads integer %j as %d', (s, n) => {
    expect(decimalNumber(s, true)).toBe(n)
  })
  it.each(['0x1f', '1e3', '0b11', '0o7', 'Infinity', '1_000', '12.5', '', '1 2'])(
    'leaves integer %j unread',
    (s) => {
      expect(decimalNumber(s, true)).toBe(s)
    },
  )
  it('reads decimals only in plain notation', () => {
    expect(decimalNumber('-33.5', false)).toBe(-33.5)
    expect(decimalNumber('.5', false)).toBe(0.5)
    expect(decimalNumber('1e1', false)).toBe('1e1')
    expect(decimalNumber(7, true)).toBe(7)
  })
})

describe('textProblem', () => {
  it('accepts ordinary text in every script, with line breaks and tabs in multi-line text', () => {
    for (const s of ['Zürich core', 'Роутер 1', 'موجه', 'ルーター', 'café ☕'])
      expect(textProblem(s, 'name')).toBeUndefined()
    expect(textProblem('line 1\r\n\tline 2', 'multiline')).toBeUndefined()
  })
  it.each([
    ['a\u0000b', 'line'],
    ['a\u0007b', 'line'],
    ['a\u007fb', 'line'],
    ['a\u0085b', 'line'],
    ['a\nb', 'line'],
    ['a\u0000b', 'multiline'],
    ['r\u202e1', 'name'],
    ['r\u200b1', 'name'],
    ['r\u2066x\u2069', 'name'],
    ['r\ufeff', 'name'],
    ['r\u00ad1', 'name'],
    ['x\ud800', 'line'],
    ['\udc00x', 'multiline'],
    ['x\ufffd', 'line'],
  ] as const)('refuses %j as %s', (s, kind) => {
    expect(textProblem(s, kind)).toBeDefined()
  })
  it('keeps a well-formed surrogate pair (emoji)', () => {
    expect(textProblem('router 🚀', 'name')).toBeUndefined()
  })
})
