/**
 * Value conventions: the tree stores booleans the way the API reports them ('true'/'false');
 * exports write them as 'yes'/'no'. Free-text properties keep their literal text.
 */
import { TEXT_KEYS } from './menus.ts'

export function toTreeValue(key: string, value: string): string {
  if (TEXT_KEYS.has(key)) return value
  if (value === 'yes') return 'true'
  if (value === 'no') return 'false'
  return value
}

export function toExportValue(key: string, value: string): string {
  if (TEXT_KEYS.has(key)) return value
  if (value === 'true') return 'yes'
  if (value === 'false') return 'no'
  return value
}

export function toTreeProps(args: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of args) out[k] = toTreeValue(k, v)
  return out
}
