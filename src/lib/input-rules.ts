// The shared checks on what users type, used by every input path (HTML form, JSON API, CSV import)
// through the zod schemas. Each rule refuses input that cannot be what the user meant, instead of
// letting a parser quietly turn it into something else.
import { isIP } from 'node:net'
import type { z } from 'zod'

/**
 * How a text field is used: `name` is shown to tell objects apart, `line` is one line of text
 * (user names, passwords, short settings), `multiline` may hold line breaks and tabs (notes).
 */
export type TextKind = 'name' | 'line' | 'multiline'

// C0 controls, DEL and C1 controls: invisible, and NUL truncates strings in C-based tools.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
// Unicode format characters (Cf): bidi overrides and isolates, zero-width space/joiners, word
// joiner, soft hyphen, BOM. In a name they make "router‮1-oc" display like another name.
const FORMAT = /\p{Cf}/u
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// What decoders put in place of invalid UTF-8 (and what SQLite stores for a lone surrogate).
const REPLACEMENT = '\uFFFD'

/** Why this text can't be meant, or undefined when it is acceptable. */
export function textProblem(s: string, kind: TextKind): string | undefined {
  if (LONE_SURROGATE.test(s)) return 'Contains a broken character (a lone UTF-16 surrogate).'
  if (s.includes(REPLACEMENT))
    return 'Contains bytes that are not valid UTF-8 text (shown as \uFFFD).'
  if ((kind === 'multiline' ? CONTROL_BUT_LAYOUT : CONTROL).test(s)) {
    return kind === 'multiline'
      ? 'Control characters (other than line breaks and tabs) are not allowed.'
      : 'Control characters are not allowed.'
  }
  if (kind === 'name' && FORMAT.test(s)) {
    return 'Invisible formatting characters (right-to-left overrides, zero-width spaces) are not allowed.'
  }
  return undefined
}

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i
// A last label that is a number makes resolvers read the whole host as an IPv4 address in
// inet_aton's loose forms ("1.2.3" → 1.2.0.3, "0x7f.1" → 127.0.0.1), so such a host must be a
// plain dotted quad; no real DNS name has an all-numeric top-level label.
const NUMERIC_LABEL = /^(0x[0-9a-f]*|[0-9]+)$/i

/** Why this device host (IPv4, IPv6 or DNS name) is not valid, or undefined. */
export function hostProblem(host: string): string | undefined {
  if (isIP(host) !== 0) return undefined
  const last = host.replace(/\.$/, '').split('.').at(-1) ?? ''
  if (NUMERIC_LABEL.test(last))
    return 'Enter a valid IPv4 address: four numbers 0-255, like 192.0.2.10.'
  if (!HOSTNAME.test(host)) return 'Enter a valid IP address or DNS name.'
  return undefined
}

/**
 * A number typed as text, in plain decimal only: Number() would also take "0x1f" (31), "1e3"
 * (1000), "0b11" and "Infinity". Anything else is returned unchanged, for zod to refuse.
 */
export function decimalNumber(v: unknown, integer: boolean): unknown {
  if (typeof v !== 'string') return v
  const s = v.trim()
  const ok = integer ? /^[+-]?[0-9]+$/.test(s) : /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(s)
  return ok ? Number(s) : v
}

/** A zod refinement applying `textProblem` (use with `.superRefine`). */
export function textRule(kind: TextKind): (s: string, ctx: z.RefinementCtx) => void {
  return (s, ctx) => {
    const problem = textProblem(s, kind)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  }
}

/** A zod refinement applying `hostProblem` (use with `.superRefine`). */
export function hostRule(s: string, ctx: z.RefinementCtx): void {
  const problem = hostProblem(s)
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
}
