import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { diffLines, sideBySide, unifiedDiff, type DiffResult } from '../../../src/backups/diff.ts'
import { normalizeExport } from '../../../src/backups/normalize.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const read = (f: string): string => normalizeExport(readFileSync(join(DIR, f), 'utf8'))

/** Rebuilds both texts from the ops: every line of each side exactly once, in order. */
function check(d: DiffResult): void {
  const a: string[] = []
  const b: string[] = []
  for (const o of d.ops) {
    if (o.kind !== 'insert') a.push(d.a[o.a] as string)
    if (o.kind !== 'delete') b.push(d.b[o.b] as string)
  }
  expect(a).toEqual(d.a)
  expect(b).toEqual(d.b)
}

function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!)
  return dp[0]![0]!
}

/** Applies a unified diff with the system `patch` tool: an independent reader of the format. */
function patchApplies(before: string, after: string, diff: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-diff-'))
  writeFileSync(join(dir, 'a.rsc'), before)
  writeFileSync(join(dir, 'p.diff'), diff)
  execFileSync('patch', ['-s', join(dir, 'a.rsc'), join(dir, 'p.diff')])
  return readFileSync(join(dir, 'a.rsc'), 'utf8') === after
}

describe('diffLines', () => {
  it('finds a shortest edit script on random line sets (checked against an LCS table)', () => {
    let seed = 7
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rnd(30) }, () => `l${rnd(6)}`)
      const b = Array.from({ length: rnd(30) }, () => `l${rnd(6)}`)
      const d = diffLines(a.join('\n') + '\n', b.join('\n') + '\n')
      check(d)
      const equal = d.ops.filter((o) => o.kind === 'equal').length
      expect(equal).toBe(lcs(a, b))
    }
  })

  it('gives a unified diff that patch(1) applies, between a v6 and a v7 export', () => {
    const a = read('rb4011_6.49.10.rsc')
    const b = read('rb5009_7.15.3.rsc')
    const d = diffLines(a, b)
    check(d)
    const text = unifiedDiff(d, { fromLabel: 'a.rsc', toLabel: 'b.rsc' })
    expect(text.startsWith('--- a.rsc\n+++ b.rsc\n@@ -1')).toBe(true)
    expect(patchApplies(a, b, text)).toBe(true)
  })

  it('gives small hunks for a small change, with line numbers patch(1) agrees with', () => {
    const a = read('chr_7.12.1.rsc')
    const b =
      a
        .replace('comment=cust-7 mtu=9000', 'comment=cust-7 mtu=1500')
        .replace('add address=pool.ntp.org\n', '') +
      '/ip dns static\nadd address=10.20.0.1 name=router.lan\n'
    const d = diffLines(a, b)
    const text = unifiedDiff(d)
    expect(text.match(/^@@/gm)?.length).toBe(2)
    expect(text).toContain(
      '-set [ find default-name=ether7 ] comment=cust-7 mtu=9000\n+set [ find default-name=ether7 ] comment=cust-7 mtu=1500\n',
    )
    expect(patchApplies(a, b, text)).toBe(true)
    expect(unifiedDiff(diffLines(a, a))).toBe('')
    // insert-only and delete-only hunks (empty ranges) apply too
    expect(
      patchApplies(
        'x\ny\n',
        'x\nnew\ny\n',
        unifiedDiff(diffLines('x\ny\n', 'x\nnew\ny\n'), { context: 0 }),
      ),
    ).toBe(true)
    expect(
      patchApplies(
        'x\nold\ny\n',
        'x\ny\n',
        unifiedDiff(diffLines('x\nold\ny\n', 'x\ny\n'), { context: 0 }),
      ),
    ).toBe(true)
    expect(patchApplies('', 'a\n', unifiedDiff(diffLines('', 'a\n')))).toBe(true)
  })

  it('pairs deletions and insertions into side-by-side change rows', () => {
    const rows = sideBySide(diffLines('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n'))
    expect(rows.map((r) => r.kind)).toEqual(['equal', 'change', 'equal', 'equal', 'insert'])
    expect(rows[1]).toEqual({
      kind: 'change',
      left: { n: 2, text: 'b' },
      right: { n: 2, text: 'B' },
    })
    expect(rows[4]).toEqual({ kind: 'insert', right: { n: 5, text: 'e' } })
  })

  it('stays correct when two unrelated texts exceed the edit budget', () => {
    const a = Array.from({ length: 300 }, (_, i) => `a${i}`).join('\n') + '\n'
    const b = Array.from({ length: 300 }, (_, i) => `b${i}`).join('\n') + '\n'
    const d = diffLines(a, b, { maxEdits: 50 })
    check(d)
    expect(patchApplies(a, b, unifiedDiff(d))).toBe(true)
  })
})
