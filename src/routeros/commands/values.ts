/**
 * Helpers that turn RouterOS API strings into typed values. Every API value is a string on the
 * wire; these helpers never throw and return `undefined` for absent or unparsable input.
 */
import type { Row } from '../session.ts'

/**
 * `true`/`yes` → true, `false`/`no` → false, anything else → undefined.
 * @example toBool('true') // true
 */
export function toBool(v: string | undefined): boolean | undefined {
  if (v === 'true' || v === 'yes') return true
  if (v === 'false' || v === 'no') return false
  return undefined
}

/**
 * A decimal number (`'46'`, `'23.8'`, `'12%'`) or undefined.
 * @example toNumber('23.8') // 23.8
 */
export function toNumber(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const m = /^\s*(-?\d+(?:\.\d+)?)/.exec(v)
  return m ? Number(m[1]) : undefined
}

/**
 * A 64-bit counter as bigint (counters pass 2^53 on busy links), or undefined.
 * @example toBigInt('38784330741') // 38784330741n
 */
export function toBigInt(v: string | undefined): bigint | undefined {
  return v !== undefined && /^\d+$/.test(v) ? BigInt(v) : undefined
}

const UNIT_SECONDS: Record<string, number> = {
  w: 604800,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
  us: 0.000001,
}

/**
 * A RouterOS duration (`1w4d23h26m9s`, `5s680ms`, `00:01:05`) in seconds, or undefined.
 * @example toSeconds('1d2h') // 93600
 */
export function toSeconds(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined
  const clock = /^(\d+):(\d{2}):(\d{2})$/.exec(v)
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3])
  let total = 0
  let rest = v
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|us|w|d|h|m|s)/.exec(rest)
    if (!m) return undefined
    total += Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number)
    rest = rest.slice(m[0].length)
  }
  return Math.round(total * 1000) / 1000
}

/**
 * A `tx,rx` pair of counters (`bytes=17536671,2966351`) as bigints.
 * @example toPair('1,2') // { tx: 1n, rx: 2n }
 */
export function toPair(v: string | undefined): { tx: bigint; rx: bigint } | undefined {
  const m = v === undefined ? null : /^(\d+),(\d+)$/.exec(v)
  return m ? { tx: BigInt(m[1] as string), rx: BigInt(m[2] as string) } : undefined
}

/**
 * The first row of a one-row menu (resource, identity…), or an empty row for `!empty`.
 * @example firstRow([]) // {}
 */
export function firstRow(rows: readonly Row[]): Row {
  return rows[0] ?? {}
}

/**
 * A non-empty string or undefined.
 * @example str('') // undefined
 */
export function str(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v
}
