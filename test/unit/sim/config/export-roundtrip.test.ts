import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigTree } from '../../../../src/sim/config/config-tree.ts'
import { seedFromExport } from '../../../../src/sim/config/seed-export.ts'
import { renderExport } from '../../../../src/sim/config/export-render.ts'
import type { ExportOptions } from '../../../../src/sim/config/export-render.ts'

const DIR = join(import.meta.dirname, '../../../fixtures/exports')
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.rsc'))

/**
 * The comparison the issue asks for, written independently of the parser: join `\` line
 * continuations the way oxidized does, drop `#` lines (header and transient notes), and drop
 * quotes around values that need none (the anonymised fixtures quote a few such values).
 */
function normalise(text: string): string[] {
  return text
    .replace(/\\\r?\n\s+/g, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/="([A-Za-z0-9_.:/,!-]+)"/g, '=$1'))
}

function roundTrip(
  text: string,
  extra: Partial<ExportOptions> = {},
): { out: string; tree: ConfigTree } {
  const tree = new ConfigTree()
  const { parsed } = seedFromExport(tree, text)
  const out = renderExport(tree, {
    version: parsed.header.version ?? '7.18.2',
    date: new Date('2026-01-21T01:17:52Z'),
    softwareId: parsed.header.softwareId,
    model: parsed.header.model,
    serial: parsed.header.serial,
    showSensitive: true,
    ...extra,
  })
  return { out, tree }
}

describe('export round trip over the real fixtures', () => {
  it('has fixtures to check', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(4)
  })

  for (const file of FIXTURES) {
    it(`keeps every configuration line of ${file}`, () => {
      const text = readFileSync(join(DIR, file), 'utf8')
      const { out } = roundTrip(text)
      const want = normalise(text)
      expect(want.length).toBeGreaterThan(5)
      expect(normalise(out)).toEqual(want)
      for (const line of out.split('\r\n')) expect(line.length).toBeLessThanOrEqual(79)
    })
  }

  it('reproduces an unanonymised 7.18.2 export byte for byte apart from comments and date', () => {
    const file = 'oxidized-rb5009upr-7.18.2-show-sensitive.rsc'
    const text = readFileSync(join(DIR, file), 'utf8')
    const { out } = roundTrip(text, { eol: '\n' })
    const drop = (s: string): string[] =>
      s
        .split('\n')
        .slice(1)
        .filter((l) => !/^# (poe|Interface)/.test(l))
    expect(drop(out).filter((l) => l !== '')).toEqual(drop(text).filter((l) => l !== ''))
  })
})

describe('hand-written exports', () => {
  const V6_TERSE = [
    '# sep/20/2022 10:55:02 by RouterOS 6.49.6',
    '# software id = IA5H-12KT',
    '#',
    '# model = RB4011iGS+',
    '# serial number = D4F00C1A2B3C',
    '/interface bridge add admin-mac=74:4D:28:11:22:33 auto-mac=no comment=defconf name=bridge',
    '/interface ethernet set [ find default-name=ether1 ] comment=WAN',
    '/interface wireless security-profiles set [ find default=yes ] supplicant-identity=MikroTik',
    '/interface wireless security-profiles add authentication-types=wpa2-psk mode=dynamic-keys name=home supplicant-identity="" wpa2-pre-shared-key="s3cret \\"quoted\\""',
    '/ip service set telnet disabled=yes',
    '/ip service set api address=192.168.90.0/24',
    '/port set 0 name=serial0',
    '/system identity set name="core router"',
    '/system script add dont-require-permissions=no name=backup owner=admin policy=ftp,reboot,read,write source="/system backup save name=auto\\r\\',
    '    \\n:log info \\"done \\$x\\?\\"\\r\\',
    '    \\n"',
    '',
  ].join('\r\n')

  it('parses a v6 terse CRLF export with a multi-line script source', () => {
    const { tree, out } = roundTrip(V6_TERSE, { terse: true })
    const script = tree.list('/system/script')[0]
    expect(script?.props.source).toBe('/system backup save name=auto\r\n:log info "done $x?"\r\n')
    expect(tree.getSingleton('/system/identity').name).toBe('core router')
    expect(tree.resolve('/ip/service', 'telnet')?.props.disabled).toBe('true')
    expect(
      tree.list('/interface/wireless/security-profiles')[1]?.props['wpa2-pre-shared-key'],
    ).toBe('s3cret "quoted"')
    expect(
      out.startsWith(
        '# jan/21/2026 01:17:52 by RouterOS 6.49.6\r\n# software id = IA5H-12KT\r\n#\r\n# model = RB4011iGS+\r\n',
      ),
    ).toBe(true)
    expect(normalise(out)).toEqual(normalise(V6_TERSE))
  })

  it('re-wraps terse input into the sectioned form and back', () => {
    const { out } = roundTrip(V6_TERSE)
    expect(out).toContain(
      '/ip service\r\nset telnet disabled=yes\r\nset api address=192.168.90.0/24\r\n',
    )
    expect(out).toContain(
      'source="/system backup save name=auto\\r\\\r\n    \\n:log info \\"done \\$x\\?\\"\\r\\\r\n    \\n"',
    )
    const again = roundTrip(out, { terse: true }).out
    expect(normalise(again)).toEqual(normalise(V6_TERSE))
  })

  it('decodes hex escapes, \\_ and continuations inside quoted words', () => {
    const text = [
      '/interface ethernet',
      'set [ find default-name=ether2 ] comment="Caf\\C3\\A9\\_bar\\', // break inside the word
      '    tab\\there" advertise="10M-half,10M-full,100M-half,100M-f\\',
      '    ull"',
      '',
    ].join('\n')
    const tree = new ConfigTree()
    seedFromExport(tree, text)
    const e = tree.resolve('/interface/ethernet', 'ether2')
    expect(e?.props.comment).toBe('Café bartab\there')
    expect(e?.props.advertise).toBe('10M-half,10M-full,100M-half,100M-full')
    const out = renderExport(tree, { version: '7.15.2', date: new Date(0) })
    expect(out).toContain('comment="Caf\\C3\\A9 bartab\\there"')
  })
})
