/**
 * RFC 4180 CSV with a guard against formula injection (OWASP "CSV Injection"): a cell that a
 * spreadsheet would evaluate (starting with = + - @, tab or carriage return) gets a leading
 * apostrophe, so an attacker-chosen user name like `=HYPERLINK(…)` is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell, escaped for CSV. `null`/`undefined` become an empty cell. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A CSV document (CRLF line ends, header first) from a header row and data rows. */
export function auditCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
): string {
  const lines = [header.map(csvCell).join(',')]
  for (const row of rows) lines.push(row.map(csvCell).join(','))
  return lines.join('\r\n') + '\r\n'
}
