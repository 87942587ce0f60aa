// A small reader of `/export` text for restore: sections by menu path, each with its `add` and
// `set` commands (selector and properties). Continuation lines are joined and comments dropped
// first. Commands it cannot express as operations are kept aside as notes for the preview.
export type Selector =
  | { kind: 'none' }
  | { kind: 'find'; where: Record<string, string> }
  | { kind: 'name'; value: string }
  | { kind: 'index'; n: number }

export interface RscCommand {
  verb: 'add' | 'set'
  selector: Selector
  props: Record<string, string>
  line: string
}

export interface RscSection {
  path: string
  commands: RscCommand[]
}

export interface ParsedRsc {
  sections: RscSection[]
  notes: string[]
  /** `# … by RouterOS 6.49.10` */
  version: string | undefined
}

const ESC: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
  $: '$',
  '?': '?',
  _: ' ',
}

/** Words of a command; quoted values unescaped; `[ … ]` kept as one word. */
export function words(line: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < line.length) {
    while (line[i] === ' ') i++
    if (i >= line.length) break
    if (line[i] === '[') {
      const end = line.indexOf(']', i)
      out.push(line.slice(i, end < 0 ? line.length : end + 1))
      i = end < 0 ? line.length : end + 1
      continue
    }
    let w = ''
    while (i < line.length && line[i] !== ' ') {
      if (line[i] === '"') {
        i++
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\') w += ESC[line[++i] ?? ''] ?? line[i] ?? ''
          else w += line[i]
          i++
        }
        i++
      } else w += line[i++]
    }
    out.push(w)
  }
  return out
}

function pairs(ws: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const w of ws) {
    const eq = w.indexOf('=')
    if (eq > 0) out[w.slice(0, eq)] = w.slice(eq + 1)
  }
  return out
}

function selectorOf(w: string | undefined): Selector {
  if (w === undefined || w.includes('=')) return { kind: 'none' }
  if (w.startsWith('['))
    return {
      kind: 'find',
      where: pairs(words(w.replace(/^\[\s*find\s*/, '').replace(/\s*\]$/, ''))),
    }
  if (/^\d+$/.test(w)) return { kind: 'index', n: Number(w) }
  return { kind: 'name', value: w }
}

export function parseRsc(text: string): ParsedRsc {
  const joined = text.replace(/\r\n/g, '\n').replace(/\\\n\s*/g, '')
  const version = /by RouterOS (\S+)/.exec(joined)?.[1]
  const sections: RscSection[] = []
  const notes: string[] = []
  let current: RscSection | undefined
  for (const raw of joined.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    if (line.startsWith('/')) {
      const ws = words(line)
      const pathWords: string[] = []
      for (const w of ws) {
        if (w === 'add' || w === 'set' || w.includes('=') || w.startsWith('[')) break
        pathWords.push(...w.split('/').filter((s) => s !== ''))
      }
      current = { path: `/${pathWords.join('/')}`, commands: [] }
      sections.push(current)
      const rest = line
        .slice(
          line.indexOf(pathWords[pathWords.length - 1] ?? '') +
            (pathWords[pathWords.length - 1]?.length ?? 0),
        )
        .trim()
      if (rest === '') continue
      parseCommand(rest, current, notes)
      continue
    }
    if (!current) notes.push(line)
    else parseCommand(line, current, notes)
  }
  return { sections: sections.filter((s) => s.commands.length > 0), notes, version }
}

function parseCommand(line: string, section: RscSection, notes: string[]): void {
  const ws = words(line)
  const verb = ws[0]
  if (verb !== 'add' && verb !== 'set') {
    notes.push(`${section.path}: ${line}`)
    return
  }
  const selector = verb === 'set' ? selectorOf(ws[1]) : ({ kind: 'none' } as const)
  const props = pairs(ws.slice(verb === 'set' && selector.kind !== 'none' ? 2 : 1))
  section.commands.push({ verb, selector, props, line })
}
