import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  NORMALIZE_RULES,
  exportHeaderVersion,
  normalizeExport,
} from '../../../src/backups/normalize.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8')

describe('normalizeExport', () => {
  it('names every rule with a one-line reason', () => {
    expect(NORMALIZE_RULES.map((r) => r.name)).toEqual([
      'line-endings',
      'join-continuations',
      'header-date',
      'transient-comments',
      'trailing-space',
    ])
    for (const r of NORMALIZE_RULES) expect(r.why).toMatch(/^[^\n]{20,120}$/)
  })

  it('drops the v6 mmm/dd/yyyy date but keeps the version (6.49 CRLF fixture)', () => {
    const raw = read('rb4011_6.49.10.rsc')
    expect(raw).toContain('\r\n')
    const n = normalizeExport(raw)
    expect(n.split('\n')[0]).toBe('# by RouterOS 6.49.10')
    expect(n).not.toContain('\r')
    expect(n).not.toMatch(/\\\n/)
    const later = raw.replace('# nov/28/2024 02:10:33', '# dec/01/2024 23:59:01')
    expect(normalizeExport(later)).toBe(n)
  })

  it('drops the ISO date of 7.10+ exports and joins continuations (7.15 fixture)', () => {
    const raw = read('rb5009_7.15.3.rsc')
    const n = normalizeExport(raw)
    expect(n.split('\n')[0]).toBe('# by RouterOS 7.15.3')
    expect(n).toContain(
      'add admin-mac=78:9A:18:40:11:02 auto-mac=no comment=defconf name=bridge vlan-filtering=yes\n',
    )
    expect(normalizeExport(raw.replace('2024-08-19 14:35:12', '2025-01-01 00:00:00'))).toBe(n)
  })

  it('treats CRLF and LF captures of the same config as equal', () => {
    const lf = read('chr_7.12.1.rsc')
    expect(normalizeExport(lf.replaceAll('\n', '\r\n'))).toBe(normalizeExport(lf))
  })

  it('the same config wrapped differently normalises the same', () => {
    const a =
      'add action=drop chain=input comment="defconf: drop invalid" connection-state=\\\n    invalid\n'
    const b =
      'add action=drop chain=input comment="defconf: drop invalid" \\\n    connection-state=invalid\n'
    expect(normalizeExport(a)).toBe(normalizeExport(b))
  })

  it('ignores transient status comments and trailing blanks, not real changes', () => {
    const base =
      '# 2024-08-19 14:35:12 by RouterOS 7.15.3\n/ip address\nadd address=10.0.0.1/24 interface=ether2\n'
    const noisy =
      base.replace(
        '/ip address',
        '# poe-out status: short_circuit\n# ether5 not ready\n# inactive time\n/ip address',
      ) + '\n\n'
    expect(normalizeExport(noisy)).toBe(normalizeExport(base))
    expect(normalizeExport(base.replace('10.0.0.1', '10.0.0.2'))).not.toBe(normalizeExport(base))
    expect(normalizeExport(base.replace('7.15.3', '7.16'))).not.toBe(normalizeExport(base))
  })

  it('reads the header version of both date forms', () => {
    expect(exportHeaderVersion(read('chr_6.45.9.rsc'))).toBe('6.45.9')
    expect(exportHeaderVersion(read('oxidized-rb5009upr-7.18.2-show-sensitive.rsc'))).toBe('7.18.2')
  })
})
