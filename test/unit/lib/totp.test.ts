import { describe, expect, it } from 'vitest'
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  totpAt,
  totpStep,
  type TotpAlgorithm,
} from '../../../src/lib/totp.ts'

// RFC 6238 appendix B: seeds per algorithm and the 8-digit values at each time.
const seeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890'.repeat(6) + '1234'),
}
const vectors: [number, string, TotpAlgorithm][] = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
]

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('T=%i gives %s with %s', (t, code, alg) => {
    expect(totpAt(seeds[alg], t * 1000, 8, alg)).toBe(code)
  })

  it('matches RFC 4226 appendix D HOTP values', () => {
    const want = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]
    want.forEach((code, i) => expect(hotp(seeds.sha1, i)).toBe(code))
  })

  it('base32 round-trips and reads what people type', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar')
    const s = newTotpSecret()
    expect(s).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Encode(base32Decode(s))).toBe(s)
    expect(() => base32Decode('ab1')).toThrow('invalid base32')
  })

  it('accepts one step of drift either side, not two, and never a step already used', () => {
    const key = seeds.sha1
    const now = 1_700_000_000_000
    const step = totpStep(now)
    expect(matchTotp(key, totpAt(key, now), now)).toBe(step)
    expect(matchTotp(key, totpAt(key, now - 30_000), now)).toBe(step - 1)
    expect(matchTotp(key, totpAt(key, now + 30_000), now)).toBe(step + 1)
    expect(matchTotp(key, totpAt(key, now - 60_000), now)).toBeUndefined()
    expect(matchTotp(key, totpAt(key, now), now, step)).toBeUndefined()
    expect(matchTotp(key, 'abcdef', now)).toBeUndefined()
    expect(matchTotp(key, '12345', now)).toBeUndefined()
  })

  it('builds the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('Outpost', 'ana@x', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/Outpost%3Aana%40x?secret=JBSWY3DPEHPK3PXP&issuer=Outpost&algorithm=SHA1&digits=6&period=30',
    )
  })
})
