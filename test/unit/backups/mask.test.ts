import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MASK, hasUnmaskedSecret, maskSecrets } from '../../../src/backups/mask.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8')

describe('maskSecrets', () => {
  it('hides every secret of the v6 fixtures and keeps everything else byte for byte', () => {
    const raw = read('rb4011_6.49.10.rsc')
    const masked = maskSecrets(raw)
    for (const s of ['Ipsec-Shared-9f2c', 'Staff-Remote-4411']) {
      expect(raw).toContain(s)
      expect(masked).not.toContain(s)
    }
    expect(masked).toContain(`ipsec-secret=${MASK}`)
    expect(masked).toContain('\r\n')
    expect(hasUnmaskedSecret(raw)).toBe(true)
    expect(hasUnmaskedSecret(masked)).toBe(false)
    const untouched = raw.split('\r\n').filter((l) => !/secret|password/.test(l))
    for (const l of untouched) expect(masked.split('\r\n')).toContain(l)
    const wifi = maskSecrets(read('hap-ac2_6.48.6.rsc'))
    expect(wifi).not.toContain('Tr0ub4dor-Praxis-7731')
    expect(wifi).not.toContain('willkommen2023')
    expect(wifi).toContain('supplicant-identity=MikroTik')
  })

  it('hides a v7 private key wrapped over two lines and quoted values with escapes', () => {
    const raw = read('chr_7.12.1.rsc')
    expect(raw).toMatch(/private-key=\\\n/)
    const masked = maskSecrets(raw)
    expect(masked).not.toContain('yHq8cM3oZ0f3kLr5cQbY2QWm4GmVZg3qk5rJ2yWb1FU=')
    expect(masked).toContain(`add listen-port=13231 mtu=1420 name=wg-ops private-key=${MASK}\n`)
    expect(masked).toContain('public-key=') // public keys are not secrets
    expect(maskSecrets('add name=a password="x \\"y\\" z" service=pppoe\n')).toBe(
      `add name=a password=${MASK} service=pppoe\n`,
    )
    expect(maskSecrets('add name=a password="" service=pppoe\n')).toBe(
      'add name=a password="" service=pppoe\n',
    )
    expect(maskSecrets(read('chr_6.45.9.rsc'))).not.toContain('Bgp-Md5-Sess10n')
  })
})
