// CSV rows ↔ device inputs. Pure: validation of every row happens here, before anything is written.
import type { z } from 'zod'
import { CsvSyntaxError, parseCsv } from './csv.ts'
import {
  deviceCreateSchema,
  deviceUpdateSchema,
  type DeviceCreateInput,
  type DeviceUpdateInput,
} from './devices.schema.ts'
import { labelSchema } from '../labels/index.ts'
import type { CsvRowError } from './devices.types.ts'
import type { ProfileChoice } from '../credential-profiles/index.ts'

/** Columns of an export (no secrets), in order. */
export const EXPORT_COLUMNS = [
  'name',
  'host',
  'host2',
  'api_port',
  'transport',
  'tls_mode',
  'tls_fingerprint',
  'ssh_port',
  'site',
  'tags',
  'groups',
  'notes',
  'latitude',
  'longitude',
  'enabled',
  'poll_interval_s',
  'status',
  'identity',
  'board',
  'version',
  'serial',
] as const

const INPUT_COLUMNS = new Set([
  'name',
  'host',
  'host2',
  'api_port',
  'transport',
  'tls_mode',
  'tls_fingerprint',
  'ssh_port',
  'username',
  'password',
  'credential_profile',
  'site',
  'tags',
  'groups',
  'notes',
  'latitude',
  'longitude',
  'enabled',
  'poll_interval_s',
])
/** Read-only export columns, accepted and ignored so an export can be imported back. */
const IGNORED_COLUMNS = new Set(['status', 'identity', 'board', 'version', 'serial'])
export const MAX_IMPORT_ROWS = 10_000

/** One valid row, with label names still to be resolved to ids. */
export interface CsvDeviceRow {
  line: number
  name: string
  /** present for new devices */
  create?: DeviceCreateInput
  /** present for existing devices (same name) */
  update?: DeviceUpdateInput
  site: string | null | undefined
  tags: string[] | undefined
  groups: string[] | undefined
  /** the credentials this row carries (set after validation: typed, stored, or a profile's) */
  profile?: ProfileChoice
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '')

function enabledValue(v: string | undefined): string | undefined {
  if (v === undefined || v.trim() === '') return undefined
  return /^(yes|true|1|on|enabled)$/i.test(v.trim())
    ? 'on'
    : /^(no|false|0|off|disabled)$/i.test(v.trim())
      ? 'false'
      : v
}

function issuesToErrors(line: number, issues: z.core.$ZodIssue[]): CsvRowError[] {
  return issues.map((i) => {
    const field = String(i.path[0] ?? '')
    return { line, field: field === 'is_enabled' ? 'enabled' : field || null, message: i.message }
  })
}

export interface ParsedCsv {
  header: string[]
  records: { line: number; cells: Record<string, string> }[]
}

/** Parses and checks the header; row-level checks come later (they need the stored devices). */
export function readDeviceCsv(text: string): ParsedCsv | { errors: CsvRowError[] } {
  let recs
  try {
    recs = parseCsv(text)
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return { errors: [{ line: err.line, field: null, message: err.message }] }
    throw err
  }
  const [head, ...rows] = recs
  if (!head) return { errors: [{ line: 1, field: null, message: 'The file is empty.' }] }
  const header = head.cells.map((h) => h.trim().toLowerCase())
  const errors: CsvRowError[] = []
  for (const h of header) {
    if (!INPUT_COLUMNS.has(h) && !IGNORED_COLUMNS.has(h))
      errors.push({ line: 1, field: h, message: `Unknown column "${h}".` })
  }
  for (const need of ['name', 'host']) {
    if (!header.includes(need))
      errors.push({ line: 1, field: need, message: `The "${need}" column is required.` })
  }
  if (rows.length === 0)
    errors.push({ line: 1, field: null, message: 'The file has no device rows.' })
  if (rows.length > MAX_IMPORT_ROWS)
    errors.push({ line: 1, field: null, message: `At most ${MAX_IMPORT_ROWS} rows per import.` })
  if (errors.length > 0) return { errors }
  return {
    header,
    records: rows.map((r) => ({
      line: r.line,
      cells: Object.fromEntries(header.map((h, i) => [h, r.cells[i] ?? ''])),
    })),
  }
}

/** Validates a row for a new device (all cells as given). */
export function newDeviceRow(
  line: number,
  cells: Record<string, string>,
): CsvDeviceRow | CsvRowError[] {
  const r = deviceCreateSchema.safeParse({
    ...cells,
    is_enabled: enabledValue(cells.enabled) ?? 'on',
    site_id: null,
    tag_ids: [],
    group_ids: [],
  })
  if (!r.success) return issuesToErrors(line, r.error.issues)
  const labels = labelCells(cells, false)
  const bad = labelNameErrors(line, labels)
  return bad.length > 0 ? bad : { line, name: r.data.name, create: r.data, ...labels }
}

/** Validates a row for an existing device: empty cells keep the stored value. */
export function existingDeviceRow(
  line: number,
  cells: Record<string, string>,
  stored: Record<string, string | string[]>,
): CsvDeviceRow | CsvRowError[] {
  const given = Object.fromEntries(Object.entries(cells).filter(([, v]) => v.trim() !== ''))
  const enabled = enabledValue(cells.enabled)
  const merged = {
    ...stored,
    ...given,
    is_enabled: enabled ?? stored.is_enabled,
    site_id: null,
    tag_ids: [],
    group_ids: [],
  }
  const r = deviceUpdateSchema.safeParse(merged)
  if (!r.success) return issuesToErrors(line, r.error.issues)
  const labels = labelCells(cells, true)
  const bad = labelNameErrors(line, labels)
  return bad.length > 0 ? bad : { line, name: r.data.name, update: r.data, ...labels }
}

/** Labels named in a row are created when missing, so their names get the same checks as the form's. */
function labelNameErrors(line: number, labels: ReturnType<typeof labelCells>): CsvRowError[] {
  const errors: CsvRowError[] = []
  const named = {
    site: labels.site ? [labels.site] : [],
    tags: labels.tags ?? [],
    groups: labels.groups ?? [],
  }
  for (const [field, names] of Object.entries(named)) {
    for (const name of names) {
      const r = labelSchema.shape.name.safeParse(name)
      if (!r.success)
        errors.push({
          line,
          field,
          message: `"${name}": ${r.error.issues[0]?.message ?? 'invalid name'}`,
        })
    }
  }
  return errors
}

/** `keepBlank`: for existing devices an empty cell keeps the current site/tags/groups. */
function labelCells(cells: Record<string, string>, keepBlank: boolean) {
  const blank = (v: string | undefined) => v === undefined || (keepBlank && v.trim() === '')
  const site = blank(cells.site) ? undefined : cells.site?.trim() || null
  return {
    site,
    tags: blank(cells.tags) ? undefined : list(cells.tags),
    groups: blank(cells.groups) ? undefined : list(cells.groups),
  }
}
