/**
 * Line diff between two texts: Myers' O((N+M)·D) algorithm on interned lines, after trimming the
 * common head and tail (most config versions differ in a few lines). Gives edit operations, a
 * unified diff (`diff -u` format, which `patch` and `git apply` read) and side-by-side rows.
 * Past `maxEdits` differing lines the middle is reported as one replaced block, which keeps
 * memory bounded for two unrelated texts.
 */

export type DiffOp =
  | { kind: 'equal'; a: number; b: number }
  | { kind: 'delete'; a: number }
  | { kind: 'insert'; b: number }

export interface DiffResult {
  a: string[]
  b: string[]
  ops: DiffOp[]
}

export interface DiffOptions {
  /** Most differing lines to align exactly (default 2000; memory grows with its square). */
  maxEdits?: number
}

/** Splits into lines (LF or CRLF); a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

export function diffLines(aText: string, bText: string, opts: DiffOptions = {}): DiffResult {
  const a = splitLines(aText)
  const b = splitLines(bText)
  return { a, b, ops: diffArrays(a, b, opts.maxEdits ?? 2000) }
}

function diffArrays(a: string[], b: string[], maxEdits: number): DiffOp[] {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++
  const ops: DiffOp[] = []
  for (let i = 0; i < head; i++) ops.push({ kind: 'equal', a: i, b: i })
  const ids = new Map<string, number>()
  const intern = (s: string): number => {
    let id = ids.get(s)
    if (id === undefined) ids.set(s, (id = ids.size))
    return id
  }
  const x = Int32Array.from(a.slice(head, a.length - tail), intern)
  const y = Int32Array.from(b.slice(head, b.length - tail), intern)
  for (const op of myers(x, y, maxEdits)) {
    if (op.kind === 'equal') ops.push({ kind: 'equal', a: op.a + head, b: op.b + head })
    else if (op.kind === 'delete') ops.push({ kind: 'delete', a: op.a + head })
    else ops.push({ kind: 'insert', b: op.b + head })
  }
  for (let i = tail; i > 0; i--) ops.push({ kind: 'equal', a: a.length - i, b: b.length - i })
  return ops
}

/** Myers' greedy forward search keeping each round's frontier for the backtrack. */
function myers(x: Int32Array, y: Int32Array, maxEdits: number): DiffOp[] {
  const n = x.length
  const m = y.length
  const max = n + m
  if (max === 0) return []
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = -1
  for (let d = 0; d <= Math.min(max, maxEdits); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      const down =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
      let i = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1
      let j = i - k
      while (i < n && j < m && x[i] === y[j]) {
        i++
        j++
      }
      v[offset + k] = i
      if (i >= n && j >= m) {
        found = d
        break
      }
    }
    if (found >= 0) break
  }
  if (found < 0) return replaceAll(n, m)
  return backtrack(trace, found, n, m)
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number): DiffOp[] {
  const out: DiffOp[] = []
  let i = n
  let j = m
  for (let d = dEnd; d > 0; d--) {
    const frame = trace[d] as Int32Array // v before round d, indexed k + d + 1
    const at = (k: number): number => frame[k + d + 1] as number
    const k = i - j
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const prevK = down ? k + 1 : k - 1
    const prevI = at(prevK)
    const prevJ = prevI - prevK
    while (i > (down ? prevI : prevI + 1) && j > (down ? prevJ + 1 : prevJ))
      out.push({ kind: 'equal', a: --i, b: --j })
    if (down) out.push({ kind: 'insert', b: --j })
    else out.push({ kind: 'delete', a: --i })
  }
  while (i > 0 && j > 0) out.push({ kind: 'equal', a: --i, b: --j })
  return out.reverse()
}

function replaceAll(n: number, m: number): DiffOp[] {
  const out: DiffOp[] = []
  for (let i = 0; i < n; i++) out.push({ kind: 'delete', a: i })
  for (let j = 0; j < m; j++) out.push({ kind: 'insert', b: j })
  return out
}

export interface UnifiedOptions {
  context?: number
  fromLabel?: string
  toLabel?: string
}

/** `diff -u` text; empty string when the texts are equal. */
export function unifiedDiff(d: DiffResult, opts: UnifiedOptions = {}): string {
  const hunks = groupHunks(d.ops, opts.context ?? 3)
  if (hunks.length === 0) return ''
  const out = [`--- ${opts.fromLabel ?? 'a'}`, `+++ ${opts.toLabel ?? 'b'}`]
  for (const h of hunks) {
    const aLines = h.flatMap((o) => (o.kind === 'insert' ? [] : [o.a]))
    const bLines = h.flatMap((o) => (o.kind === 'delete' ? [] : [o.b]))
    // an empty range names the line it follows (`@@ -5,0 +6,2 @@`)
    const startA = aLines.length > 0 ? (aLines[0] as number) + 1 : aBefore(h, d.ops) - 1
    const startB = bLines.length > 0 ? (bLines[0] as number) + 1 : bBefore(h, d.ops) - 1
    out.push(`@@ -${range(startA, aLines.length)} +${range(startB, bLines.length)} @@`)
    for (const o of h) {
      if (o.kind === 'equal') out.push(' ' + (d.a[o.a] as string))
      else if (o.kind === 'delete') out.push('-' + (d.a[o.a] as string))
      else out.push('+' + (d.b[o.b] as string))
    }
  }
  return out.join('\n') + '\n'
}

const range = (start: number, len: number): string =>
  len === 1 ? String(start) : `${start},${len}`

/** Line number (1-based) after which an insert-only hunk goes in the old text. */
function aBefore(h: DiffOp[], ops: DiffOp[]): number {
  const idx = ops.indexOf(h[0] as DiffOp)
  for (let i = idx - 1; i >= 0; i--) {
    const o = ops[i] as DiffOp
    if (o.kind !== 'insert') return o.a + 2
  }
  return 1
}

function bBefore(h: DiffOp[], ops: DiffOp[]): number {
  const idx = ops.indexOf(h[0] as DiffOp)
  for (let i = idx - 1; i >= 0; i--) {
    const o = ops[i] as DiffOp
    if (o.kind !== 'delete') return o.b + 2
  }
  return 1
}

/** Changed runs with up to `context` equal lines around them; close runs merge. */
function groupHunks(ops: DiffOp[], context: number): DiffOp[][] {
  const changed: number[] = []
  ops.forEach((o, i) => o.kind !== 'equal' && changed.push(i))
  if (changed.length === 0) return []
  const hunks: DiffOp[][] = []
  let start = Math.max(0, (changed[0] as number) - context)
  let end = Math.min(ops.length - 1, (changed[0] as number) + context)
  for (const c of changed.slice(1)) {
    if (c - context <= end + 1) end = Math.min(ops.length - 1, c + context)
    else {
      hunks.push(ops.slice(start, end + 1))
      start = c - context
      end = Math.min(ops.length - 1, c + context)
    }
  }
  hunks.push(ops.slice(start, end + 1))
  return hunks
}

export interface SideBySideRow {
  kind: 'equal' | 'change' | 'delete' | 'insert'
  /** 1-based line numbers and text; absent on the side without a line. */
  left?: { n: number; text: string }
  right?: { n: number; text: string }
}

/** Rows for a two-column view: deletions and insertions of one changed run pair up as changes. */
export function sideBySide(d: DiffResult): SideBySideRow[] {
  const rows: SideBySideRow[] = []
  let dels: number[] = []
  let ins: number[] = []
  const flush = (): void => {
    const len = Math.max(dels.length, ins.length)
    for (let i = 0; i < len; i++) {
      const l = dels[i]
      const r = ins[i]
      const row: SideBySideRow = {
        kind: l !== undefined && r !== undefined ? 'change' : l !== undefined ? 'delete' : 'insert',
      }
      if (l !== undefined) row.left = { n: l + 1, text: d.a[l] as string }
      if (r !== undefined) row.right = { n: r + 1, text: d.b[r] as string }
      rows.push(row)
    }
    dels = []
    ins = []
  }
  for (const o of d.ops) {
    if (o.kind === 'delete') dels.push(o.a)
    else if (o.kind === 'insert') ins.push(o.b)
    else {
      flush()
      rows.push({
        kind: 'equal',
        left: { n: o.a + 1, text: d.a[o.a] as string },
        right: { n: o.b + 1, text: d.b[o.b] as string },
      })
    }
  }
  flush()
  return rows
}
