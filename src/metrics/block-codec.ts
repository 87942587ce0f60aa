import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { ByteReader, ByteWriter } from './varint.ts'

/** One series' points in a block, time ascending. `n` only for rollups (samples per bucket). */
export interface SeriesColumns {
  seriesId: number
  /** epoch seconds */
  ts: number[]
  /** raw: [value]; rollups: [avg, max] */
  cols: number[][]
  n?: number[]
}

const FORMAT = 1
const FLOAT = 99 // scale code: the column is stored as 8-byte floats, exactly
// Rollups keep 4 significant digits relative to the largest value of the series in the block:
// at most 0.05 % of the chart's top, below one pixel, and the neighbouring values then differ
// by small integers that pack into one or two bytes.
const ROLLUP_DIGITS = 4

/**
 * Packs the points of every series of one device in one time block: per series the time steps,
 * counts and values as varint deltas in columns, then the whole block deflated. Raw values are
 * exact; rollup averages and maxima keep ROLLUP_DIGITS significant digits (see above).
 * `step` is the time unit of the block (1 s raw, the bucket width for rollups).
 * @example const blob = encodeBlock(series, blockStartS, 300, true)
 */
export function encodeBlock(
  series: readonly SeriesColumns[],
  blockS: number,
  step: number,
  lossy: boolean,
): Buffer {
  const w = new ByteWriter()
  w.uint(FORMAT)
  w.uint(series.length)
  for (const s of series) {
    const sec = new ByteWriter()
    sec.uint(s.ts.length)
    let prev = blockS
    for (const t of s.ts) {
      sec.uint(Math.round((t - prev) / step))
      prev = t
    }
    for (const c of s.n ?? []) sec.uint(c)
    encodeColumns(sec, s.cols, lossy)
    const bytes = sec.bytes()
    w.uint(s.seriesId)
    w.uint(bytes.length)
    w.append(bytes)
  }
  return deflateRawSync(w.bytes())
}

/** The points of one series in a packed block, or undefined when the block lacks that series. */
export function decodeSeries(
  blob: Buffer,
  seriesId: number,
  blockS: number,
  step: number,
  rollup: boolean,
): SeriesColumns | undefined {
  for (const s of decodeBlock(blob, blockS, step, rollup, seriesId)) return s
  return undefined
}

/** A packed block inflated; `decodeBlock(…, inflated = true)` reads it without inflating again. */
export function inflateBlock(blob: Buffer): Buffer {
  return inflateRawSync(blob)
}

/** Every series of a packed block (or only `onlyId`); `inflated` when the blob is already. */
export function decodeBlock(
  blob: Buffer,
  blockS: number,
  step: number,
  rollup: boolean,
  onlyId?: number,
  inflated = false,
): SeriesColumns[] {
  const r = new ByteReader(inflated ? blob : inflateRawSync(blob))
  if (r.uint() !== FORMAT) throw new Error('unknown packed block format')
  const out: SeriesColumns[] = []
  const count = r.uint()
  for (let i = 0; i < count; i++) {
    const seriesId = r.uint()
    const len = r.uint()
    if (onlyId !== undefined && seriesId !== onlyId) {
      r.pos += len
      continue
    }
    out.push(decodeSection(new ByteReader(r.slice(len)), seriesId, blockS, step, rollup))
    if (onlyId !== undefined) break
  }
  return out
}

function decodeSection(
  r: ByteReader,
  seriesId: number,
  blockS: number,
  step: number,
  rollup: boolean,
): SeriesColumns {
  const len = r.uint()
  const ts = new Array<number>(len)
  let t = blockS
  for (let i = 0; i < len; i++) ts[i] = t += r.uint() * step
  let n: number[] | undefined
  if (rollup) {
    n = new Array<number>(len)
    for (let i = 0; i < len; i++) n[i] = r.uint()
  }
  const cols = decodeColumns(r, len, rollup ? 2 : 1)
  return n === undefined ? { seriesId, ts, cols } : { seriesId, ts, cols, n }
}

/** Decimal exponent all values are whole multiples of (0 integers, -2 hundredths), or undefined. */
function exactExponent(values: readonly number[]): number | undefined {
  if (values.every((v) => Number.isInteger(v))) return 0
  if (values.every((v) => Math.round(v * 100) / 100 === v)) return -2
  return undefined
}

/**
 * Columns share one decimal scale. The first is stored as differences between neighbours; a
 * second (the maximum of a rollup) as its difference to the first (the average), which is small.
 */
function encodeColumns(w: ByteWriter, cols: readonly number[][], lossy: boolean): void {
  const all = cols.flat()
  const exact = exactExponent(all)
  let k = exact
  if (lossy) {
    const maxAbs = all.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const relative = maxAbs > 0 ? Math.floor(Math.log10(maxAbs)) - (ROLLUP_DIGITS - 1) : 0
    k = Math.max(relative, exact ?? -2)
  }
  if (k === undefined || all.some((v) => !Number.isFinite(v) || Math.abs(v / 10 ** k) > 2 ** 52)) {
    w.int(FLOAT)
    for (const v of all) w.float(v)
    return
  }
  w.int(k)
  const scale = k
  const q = (v: number) => Math.round(scale >= 0 ? v / 10 ** scale : v * 10 ** -scale)
  const first = (cols[0] ?? []).map(q)
  let prev = 0
  for (const v of first) {
    w.int(v - prev)
    prev = v
  }
  for (const col of cols.slice(1)) col.forEach((v, i) => w.int(q(v) - (first[i] as number)))
}

function decodeColumns(r: ByteReader, len: number, count: number): number[][] {
  const k = r.int()
  const cols: number[][] = []
  if (k === FLOAT) {
    for (let c = 0; c < count; c++) {
      const col = new Array<number>(len)
      for (let i = 0; i < len; i++) col[i] = r.float()
      cols.push(col)
    }
    return cols
  }
  const first = new Array<number>(len)
  let q = 0
  for (let i = 0; i < len; i++) first[i] = q += r.int()
  const qs = [first]
  for (let c = 1; c < count; c++) {
    const col = new Array<number>(len)
    for (let i = 0; i < len; i++) col[i] = (first[i] as number) + r.int()
    qs.push(col)
  }
  const mul = k >= 0 ? 10 ** k : 1
  const div = k >= 0 ? 1 : 10 ** -k
  for (const col of qs) {
    const out = new Array<number>(len)
    for (let i = 0; i < len; i++)
      out[i] = k >= 0 ? (col[i] as number) * mul : (col[i] as number) / div
    cols.push(out)
  }
  return cols
}
