/**
 * RFC 4180 CSV reading and writing for device import/export.
 *
 * Export guards against formula injection (OWASP "CSV Injection"): a cell a spreadsheet would
 * evaluate (starting with = + - @, tab or CR) gets a leading apostrophe. Import removes that
 * apostrophe again, so an export can be edited and imported back unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** Raised for a syntactically broken document (e.g. an unterminated quote). */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError'
  readonly line: number
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`)
    this.line = line
  }
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A CSV document (CRLF line ends) from a header and rows. */
export function writeCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
): string {
  const lines = [header.map(cell).join(',')]
  for (const row of rows) lines.push(row.map(cell).join(','))
  return lines.join('\r\n') + '\r\n'
}

function unguard(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1))
    ? value.slice(1)
    : value
}

/** One parsed record with the 1-based line it started on. */
export interface CsvRecord {
  line: number
  cells: string[]
}

/**
 * Parses CSV text into records (BOM, CRLF/LF, quoted fields with commas, quotes and newlines).
 * Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: CsvRecord[] = []
  let cells: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let startLine = 1
  const endField = () => {
    cells.push(unguard(field))
    field = ''
  }
  const endRecord = () => {
    endField()
    if (cells.length > 1 || cells[0] !== '') records.push({ line: startLine, cells })
    cells = []
    startLine = line
  }
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') {
        quoted = false
      } else {
        if (ch === '\n') line++
        field += ch
      }
    } else if (ch === '"' && field === '') {
      quoted = true
    } else if (ch === ',') {
      endField()
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      line++
      endRecord()
    } else {
      field += ch
    }
  }
  if (quoted) throw new CsvSyntaxError('unterminated quoted field', startLine)
  if (field !== '' || cells.length > 0) endRecord()
  return records
}
