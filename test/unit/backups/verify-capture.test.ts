import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { verifyCapture } from '../../../src/backups/verify-capture.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const v6 = readFileSync(join(DIR, 'rb4011_6.49.10.rsc'), 'utf8')
const v7 = readFileSync(join(DIR, 'chr_7.12.1.rsc'), 'utf8')
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 })

describe('verifyCapture', () => {
  it('accepts complete v6 and v7 exports', () => {
    expect(verifyCapture(ok(v6)).status).toBe('complete')
    expect(verifyCapture(ok(v7)).status).toBe('complete')
  })

  it('refuses a non-zero or missing exit status, and anything on stderr', () => {
    expect(verifyCapture({ stdout: v7, stderr: '', exitCode: 1 })).toMatchObject({
      status: 'incomplete',
      problem: 'exit_status',
    })
    expect(verifyCapture({ stdout: v7, stderr: '', exitCode: null })).toMatchObject({
      status: 'incomplete',
      problem: 'exit_status',
    })
    expect(verifyCapture({ stdout: v7, stderr: 'broken pipe\n', exitCode: 0 })).toMatchObject({
      status: 'incomplete',
      problem: 'stderr',
    })
  })

  it('refuses empty output and output without the RouterOS header', () => {
    expect(verifyCapture(ok(''))).toMatchObject({ problem: 'empty' })
    expect(
      verifyCapture(ok('/ip address\nadd address=10.0.0.1/24 interface=ether1\n')),
    ).toMatchObject({ problem: 'no_header' })
  })

  it('refuses every cut of the export that does not end on a complete command', () => {
    // the text alone cannot tell a cut right after a complete command: exit status 0 on channel
    // close and the shrink check cover that case
    let checked = 0
    for (let cut = 40; cut < v6.length - 1; cut += 3) {
      if (v6[cut - 1] === '\n') continue
      checked++
      expect(verifyCapture(ok(v6.slice(0, cut))).status, `cut at ${cut}`).toBe('incomplete')
    }
    expect(checked).toBeGreaterThan(1000)
  })

  it('refuses a line cut inside a quoted value or after a continuation mark', () => {
    expect(
      verifyCapture(
        ok('# 2024-08-19 14:35:12 by RouterOS 7.15.3\n/system identity\nset name="core\n'),
      ),
    ).toMatchObject({ problem: 'unfinished_command' })
    expect(
      verifyCapture(
        ok('# 2024-08-19 14:35:12 by RouterOS 7.15.3\n/ip address\nadd address=10.0.0.1/24 \\\n'),
      ),
    ).toMatchObject({ problem: 'unfinished_command' })
    expect(
      verifyCapture(
        ok(
          '# 2024-08-19 14:35:12 by RouterOS 7.15.3\n/ip address\nadd address=10.0.0.1/24\n/ip route\n',
        ),
      ),
    ).toMatchObject({ problem: 'unfinished_command' })
  })

  it('refuses RouterOS error and interruption text', () => {
    const head =
      '# 2024-08-19 14:35:12 by RouterOS 7.15.3\n/ip address\nadd address=10.0.0.1/24 interface=ether1\n'
    for (const err of [
      'failure: out of memory',
      'interrupted',
      'expected end of command (line 1 column 9)',
      'not enough permissions (9)',
      'action timed out - try again',
    ]) {
      expect(verifyCapture(ok(head + err + '\n'))).toMatchObject({
        status: 'incomplete',
        problem: 'router_error',
      })
    }
    // the harmless, stable CHR note is not an error
    expect(verifyCapture(ok(head + '#error exporting /interface/bridge/calea\n')).status).toBe(
      'complete',
    )
  })

  it('marks a big unexplained shrink as suspect, but not after a recorded change', () => {
    const small =
      '# 2024-08-19 14:35:12 by RouterOS 7.12.1\n/system identity\nset name=chr-edge-01\n'
    const prev = verifyCapture(ok(v7))
    if (prev.status !== 'complete') throw new Error('fixture')
    const r = verifyCapture(ok(small), { previousSize: prev.normalized.length })
    expect(r.status).toBe('suspect')
    expect(r.status === 'suspect' && r.reason).toMatch(/\d+% smaller .* no configuration change/)
    expect(
      verifyCapture(ok(small), { previousSize: prev.normalized.length, changeRecorded: true })
        .status,
    ).toBe('complete')
    expect(verifyCapture(ok(v7), { previousSize: prev.normalized.length }).status).toBe('complete')
  })
})
