import { MENU_ORDER } from './menus.ts'

const RANK = new Map(MENU_ORDER.map((p, i) => [p, i]))

/**
 * Returns `order` with `path` inserted where `/export` prints it. A menu with a known rank goes
 * after the last present menu of lower rank (and after unranked menus that follow it, which came
 * from a seeded export); an unknown menu, or any menu in sequential mode, goes right after
 * `after` (the menu written last) or at the end.
 */
export function insertMenuPath(
  order: string[],
  path: string,
  after: string | undefined,
  sequential: boolean,
): string[] {
  const out = [...order]
  const rank = RANK.get(path)
  if (rank === undefined || (sequential && after !== undefined)) {
    const at = after === undefined ? -1 : out.indexOf(after)
    out.splice(at < 0 ? out.length : at + 1, 0, path)
    return out
  }
  let at = 0
  let seenLower = false
  for (let i = 0; i < out.length; i++) {
    const r = RANK.get(out[i] as string)
    if (r !== undefined && r < rank) {
      at = i + 1
      seenLower = true
    }
  }
  if (!seenLower) {
    const firstHigher = out.findIndex((p) => (RANK.get(p) ?? -1) > rank)
    at = firstHigher < 0 ? out.length : firstHigher
  }
  while (at < out.length && !RANK.has(out[at] as string)) at++
  out.splice(at, 0, path)
  return out
}
