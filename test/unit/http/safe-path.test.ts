import { describe, expect, it } from 'vitest'
import { safeLocalPath, sectionOf } from '../../../src/http/safe-path.ts'

describe('safeLocalPath', () => {
  it.each([
    ['/account', '/account'],
    ['/devices?q=a', '/devices?q=a'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/a\nSet-Cookie: x', '/'],
    ['/devices?q=€ x', '/devices?q=%E2%82%AC%20x'],
    ['/devices?q=%E2%82%AC', '/devices?q=%E2%82%AC'],
    ['/devices?q=\ud800', '/'],
    [undefined, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeLocalPath(input)).toBe(expected)
  })
})

describe('sectionOf', () => {
  it('keeps only the first segment, since ids do not survive a tenant switch', () => {
    expect(sectionOf('/devices/01JABC/backups')).toBe('/devices')
    expect(sectionOf('/users?page=2')).toBe('/users')
    expect(sectionOf('/')).toBe('/')
    expect(sectionOf('//evil')).toBe('/')
  })
})
