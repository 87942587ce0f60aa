// Is a RouterOS command or script read-only? Read-only work (print, export, monitor … once) may be
// run by operators without confirmation and is never a change set; anything else is a write.
// The check is on the words, conservatively: one unknown verb makes the whole script a write.

/** Verbs that only read. `monitor` only with `once` (without it the command never ends). */
const READ_VERBS = new Set(['print', 'export', 'get', 'find', 'ping'])
/** Console commands with a path of their own that only read. */
const READ_COMMANDS = [
  /^\/?(system\s+resource|system\s+routerboard|system\s+package)\s+print\b/,
  /^\/?ping\b/,
  /^\/?export\b/,
]

/** Splits a script into statements (lines and `;`), ignoring comments and empty lines. */
export function statementsOf(script: string): string[] {
  const out: string[] = []
  for (const raw of script.replace(/\\\r?\n\s*/g, ' ').split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    for (const part of splitOutsideQuotes(line)) if (part.trim() !== '') out.push(part.trim())
  }
  return out
}

function splitOutsideQuotes(line: string): string[] {
  const parts: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    if (ch === '\\' && quoted) {
      cur += ch + (line[i + 1] ?? '')
      i++
      continue
    }
    if (ch === '"') quoted = !quoted
    if (ch === ';' && !quoted) {
      parts.push(cur)
      cur = ''
      continue
    }
    cur += ch
  }
  parts.push(cur)
  return parts
}

/** True when one statement only reads. Menu-only statements (`/ip address`) change nothing. */
export function statementReadOnly(stmt: string): boolean {
  // `export file=` writes a file on the router
  if (/\bexport\b.*\bfile=/.test(stmt)) return false
  if (/[[{$]|:(set|global|local|execute|do|foreach|for|while|if)\b/i.test(stmt)) return false
  if (READ_COMMANDS.some((r) => r.test(stmt))) return true
  const words = stmt
    .replace(/\s+\S+=("[^"]*"|\S*)/g, ' ')
    .trim()
    .split(/[\s/]+/)
    .filter((w) => w !== '')
  const verbIndex = words.findIndex(
    (w) =>
      READ_VERBS.has(w) ||
      w === 'monitor' ||
      /^(add|set|remove|enable|disable|unset|move|reset|reboot|shutdown|upgrade|install|download|import|run|edit|comment|check-for-updates|reset-counters)$/.test(
        w,
      ),
  )
  if (verbIndex < 0) return words.length > 0 && !stmt.includes('=') // a menu change only
  const verb = words[verbIndex] as string
  if (verb === 'monitor') return /\bonce\b/.test(stmt)
  return READ_VERBS.has(verb)
}

/** A script is read-only when every statement is. */
export function isReadOnly(script: string): boolean {
  const stmts = statementsOf(script)
  return stmts.length > 0 && stmts.every(statementReadOnly)
}
