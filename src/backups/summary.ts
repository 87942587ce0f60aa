/**
 * A short change summary between two normalised exports: lines added and removed in total and per
 * section (`/ip firewall filter`), for the Backups timeline and the "config changed" event.
 */
import { diffLines, type DiffResult } from './diff.ts'

export interface SectionChange {
  section: string
  added: number
  removed: number
}

export interface ChangeSummary {
  added: number
  removed: number
  sections: SectionChange[]
}

const VERBS = new Set(['add', 'set', 'remove', 'unset', 'enable', 'disable', 'move', 'comment'])

/** The menu each line belongs to: the last section header, or the path of a terse line. */
export function lineSections(lines: readonly string[]): string[] {
  let current = '/'
  return lines.map((line) => {
    if (line.startsWith('#') || !line.startsWith('/')) return line.startsWith('#') ? '#' : current
    const words = line.split(' ')
    const verbAt = words.findIndex((w, i) => i > 0 && VERBS.has(w))
    if (verbAt < 0 && !line.includes('=')) {
      current = line
      return current
    }
    return verbAt > 0 ? words.slice(0, verbAt).join(' ') : current
  })
}

/** Summary of the change from `before` to `after` (both normalised; `before` may be empty). */
export function summarizeChange(before: string, after: string, diff?: DiffResult): ChangeSummary {
  const d = diff ?? diffLines(before, after)
  const secA = lineSections(d.a)
  const secB = lineSections(d.b)
  const per = new Map<string, SectionChange>()
  const bump = (section: string, key: 'added' | 'removed'): void => {
    // header lines are not sections of their own; the header version shows as the `#` section
    let s = per.get(section)
    if (!s) per.set(section, (s = { section, added: 0, removed: 0 }))
    s[key]++
  }
  let added = 0
  let removed = 0
  for (const op of d.ops) {
    if (op.kind === 'insert') {
      added++
      bump(secB[op.b] ?? '/', 'added')
    } else if (op.kind === 'delete') {
      removed++
      bump(secA[op.a] ?? '/', 'removed')
    }
  }
  const sections = [...per.values()].map((s) =>
    s.section === '#' ? { ...s, section: 'header' } : s,
  )
  return { added, removed, sections }
}

/** One line for a timeline: `+3 −1 in /ip firewall filter, /ip address`. */
export function describeChange(s: ChangeSummary, maxSections = 3): string {
  if (s.added === 0 && s.removed === 0) return 'no change'
  const names = s.sections.map((x) => x.section)
  const more = names.length > maxSections ? ` and ${names.length - maxSections} more` : ''
  return `+${s.added} −${s.removed} in ${names.slice(0, maxSections).join(', ')}${more}`
}
