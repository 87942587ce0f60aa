import type { CompiledQuery } from 'kysely'

// Named (prepared) statements: the server parses and plans one once per connection instead of
// on every call, which is most of the server's cost of a short statement. Only the repeating
// shapes get a name: seen a second time (migrations and other one-off statements never take a
// slot), few parameters (multi-row inserts differ in length every time), and a bounded number per
// process, since each connection keeps every one it prepared.
const MAX_NAMED = 400
const MAX_NAMED_PARAMS = 64
/** statements seen once, not named yet; forgotten all at once when full */
const MAX_SEEN = 5000
const named = new Map<string, string | null>()
const seenOnce = new Set<string>()
let nextName = 0

export function statementName(query: CompiledQuery): string | undefined {
  const known = named.get(query.sql)
  if (known !== undefined) return known ?? undefined
  if (query.parameters.length > MAX_NAMED_PARAMS || named.size >= MAX_NAMED) return undefined
  if (!seenOnce.has(query.sql)) {
    if (seenOnce.size >= MAX_SEEN) seenOnce.clear()
    seenOnce.add(query.sql)
    return undefined
  }
  seenOnce.delete(query.sql)
  const name = `outpost_${nextName++}`
  named.set(query.sql, name)
  return name
}

/** Never prepares this statement again (the name stays taken, so no connection reuses it). */
export function unname(sqlText: string): void {
  named.set(sqlText, null)
}
