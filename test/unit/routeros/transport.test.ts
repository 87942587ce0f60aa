import { describe, expect, it } from 'vitest'
import { mapSocketError, normalizeFingerprint } from '../../../src/routeros/transport.ts'

const errno = (code: string) => Object.assign(new Error(`connect ${code}`), { code })

describe('mapSocketError', () => {
  it('maps connect errors to stable codes', () => {
    const cases: [string, string][] = [
      ['ECONNREFUSED', 'refused'],
      ['ETIMEDOUT', 'connect_timeout'],
      ['EHOSTUNREACH', 'unreachable'],
      ['ENETUNREACH', 'unreachable'],
      ['ENOTFOUND', 'unreachable'],
      ['EAI_AGAIN', 'unreachable'],
    ]
    for (const [code, want] of cases) {
      const e = mapSocketError(errno(code), '10.0.0.1:8728')
      expect(e.code).toBe(want)
      expect(e.message).toContain('10.0.0.1:8728')
    }
    expect(mapSocketError(errno('EHOSTUNREACH'), 'h:1').message).toBe(
      'h:1 is unreachable (EHOSTUNREACH)',
    )
  })
})

describe('normalizeFingerprint', () => {
  it('accepts colons, case and an OpenSSL-style prefix', () => {
    expect(normalizeFingerprint('ab:cd:EF')).toBe('AB:CD:EF')
    expect(normalizeFingerprint('abcdef')).toBe('AB:CD:EF')
    expect(normalizeFingerprint('sha256:AB CD EF')).toBe('AB:CD:EF')
  })
})
