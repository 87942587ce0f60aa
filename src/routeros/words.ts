/** Small word helpers of the session: command arguments out, `!trap` sentences in. */
import { TrapError } from './errors.ts'
import type { Sentence } from './protocol.ts'

/**
 * The TrapError of a `!trap` sentence (message and numeric category when sent).
 * @example trapError('/x', parseSentence(['!trap', '=message=no such item', '=category=0']))
 */
export function trapError(command: string, s: Sentence): TrapError {
  const cat = s.attrs.category === undefined ? undefined : Number(s.attrs.category)
  return new TrapError(
    command,
    s.attrs.message ?? 'unknown error',
    Number.isNaN(cat) ? undefined : cat,
  )
}

/**
 * Turns `{ key: value }` into `=key=value` words (booleans as yes/no).
 * @example attrWords({ disabled: true, name: 'x' }) // ['=disabled=yes', '=name=x']
 */
export function attrWords(args: Record<string, string | number | boolean>): string[] {
  return Object.entries(args).map(
    ([k, v]) => `=${k}=${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}`,
  )
}
