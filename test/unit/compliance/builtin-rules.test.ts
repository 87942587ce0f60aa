// The built-in rules over real RouterOS exports (test/fixtures/exports, Oxidized-derived, v6 and v7).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBuiltinRules, type RuleInput } from '../../../src/compliance/builtin-rules.ts'
import { runCustomRule } from '../../../src/compliance/custom-rule.ts'
import { parseExport } from '../../../src/compliance/export-lines.ts'
import { versionsBehind } from '../../../src/compliance/versions.ts'

const dir = join(import.meta.dirname, '../../fixtures/exports')
const load = (f: string) => parseExport(readFileSync(join(dir, f), 'utf8'))

const input = (commands: RuleInput['commands'], over: Partial<RuleInput> = {}): RuleInput => ({
  commands,
  firmware: { installed: '7.15.3', latest: '7.15.3', channel: 'stable' },
  firmwareMaxBehind: 2,
  login: { username: 'outpost', emptyPassword: false },
  ...over,
})

const byRule = (i: RuleInput) => Object.fromEntries(runBuiltinRules(i).map((r) => [r.rule, r]))

describe('built-in compliance rules', () => {
  it('passes a hardened v7 export and names the deciding lines', () => {
    const r = byRule(input(load('chr_7.12.1.rsc')))
    expect(r.services_exposed?.status).toBe('pass')
    expect(r.input_drop?.status).toBe('pass')
    expect(r.input_drop?.line?.text).toContain('chain=input')
    expect(r.ntp_configured?.status).toBe('pass')
    expect(r.syslog_configured?.status).toBe('pass')
    expect(r.syslog_configured?.line?.text).toBe('add action=remote topics=critical')
  })

  it('fails a v6 export whose api service is at the default (enabled, any address)', () => {
    const r = byRule(input(load('rb4011_6.49.10.rsc')))
    expect(r.services_exposed?.status).toBe('fail')
    expect(r.services_exposed?.reason).toContain('api')
    expect(r.services_exposed?.reason).not.toContain('telnet')
    // v6 NTP spelling and the built-in remote action given an address
    expect(r.ntp_configured?.status).toBe('pass')
    expect(r.ntp_configured?.line?.number).toBeGreaterThan(0)
    expect(r.syslog_configured?.status).toBe('pass')
  })

  it('fails a bare export on every config rule', () => {
    const r = byRule(input(load('oxidized-chr-7.16-show-sensitive.rsc')))
    expect(r.services_exposed?.reason).toContain('telnet, ftp, www, api')
    for (const k of ['services_exposed', 'input_drop', 'ntp_configured', 'syslog_configured'])
      expect(r[k]?.status, k).toBe('fail')
  })

  it('joins wrapped lines and reports the line they start on', () => {
    const cmds = load('oxidized-rb5009upr-7.18.2-show-sensitive.rsc')
    const r = byRule(input(cmds))
    expect(r.input_drop?.status).toBe('pass')
    expect(r.input_drop?.line?.number).toBe(55)
    expect(r.input_drop?.line?.text).toContain('connection-state=invalid')
  })

  it('answers unknown without a stored backup', () => {
    const r = byRule(input(undefined))
    expect(r.ntp_configured?.status).toBe('unknown')
    expect(r.firmware_current?.status).toBe('pass')
  })

  it('judges firmware currency against the channel and the allowance', () => {
    const fw = (installed: string, latest: string | null, n = 2) =>
      byRule(
        input([], {
          firmware: { installed, latest, channel: 'stable' },
          firmwareMaxBehind: n,
        }),
      ).firmware_current
    expect(fw('7.12.1', '7.15.3')?.status).toBe('fail')
    expect(fw('7.12.1', '7.15.3')?.reason).toContain('3 releases behind 7.15.3 (stable)')
    expect(fw('7.12.1', '7.15.3', 3)?.status).toBe('pass')
    expect(fw('6.49.10', '7.15.3', 50)?.status).toBe('fail')
    expect(fw('7.15.1', null)?.status).toBe('unknown')
    expect(versionsBehind('7.16', '7.15.3')).toBe(0)
  })

  it('fails an empty password on the login Outpost uses', () => {
    const r = byRule(input([], { login: { username: 'admin', emptyPassword: true } }))
    expect(r.admin_password?.status).toBe('fail')
    expect(r.admin_password?.reason).toContain('empty password')
  })

  it('never shows a secret in a reported line', () => {
    const cmds = load('chr_6.45.9.rsc')
    const r = runCustomRule(
      {
        id: 'x',
        name: 'bgp md5',
        path: '/routing/bgp/peer',
        mode: 'must_not_contain',
        pattern: 'tcp-md5-key',
      },
      cmds,
    )
    expect(r.status).toBe('fail')
    expect(r.line?.text).toContain('tcp-md5-key=********')
    expect(r.line?.text).not.toContain('Bgp-Md5')
  })

  it('runs must-contain custom rules on the menu path given in any spelling', () => {
    const cmds = load('chr_7.12.1.rsc')
    const rule = { id: 'y', name: 'dns', path: 'ip service', mode: 'must_contain' as const }
    expect(runCustomRule({ ...rule, pattern: 'set api address=' }, cmds).status).toBe('pass')
    expect(runCustomRule({ ...rule, pattern: 'set winbox address=' }, cmds).status).toBe('fail')
  })
})
