import { describe, expect, it } from 'vitest'
import { normalizeFingerprint, parseCentralUrl } from '../../../src/edge/edge-http.ts'
import { parseEdgeRegisterArgs } from '../../../src/edge/edge-register-cli.ts'

describe('edge:register arguments', () => {
  it('takes the URL, the token and optional flags in any order', () => {
    expect(
      parseEdgeRegisterArgs(['--tenant', 'Site A', 'https://c', 'opr_x', '--fingerprint', 'AB']),
    ).toEqual({
      url: 'https://c',
      token: 'opr_x',
      fingerprint: 'AB',
      tenant: 'Site A',
    })
    expect(parseEdgeRegisterArgs(['https://c'])).toBeUndefined()
    expect(parseEdgeRegisterArgs(['https://c', 'opr_x', '--tenant'])).toBeUndefined()
  })

  it('normalises a fingerprint and refuses anything but SHA-256', () => {
    const hex = 'ab'.repeat(32)
    expect(normalizeFingerprint(`sha256:${hex}`)).toBe(Array(32).fill('AB').join(':'))
    expect(() => normalizeFingerprint('AB:CD')).toThrow(/64 hex digits/)
  })

  it('accepts only https central URLs', () => {
    expect(parseCentralUrl('https://central.example:3443').port).toBe('3443')
    expect(() => parseCentralUrl('http://central.example')).toThrow(/https/)
    expect(() => parseCentralUrl('central')).toThrow(/not a URL/)
  })
})
