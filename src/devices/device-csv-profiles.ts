// The CSV import's `credential_profile` column: a profile name (or id) per row. A blank cell keeps
// an existing device's profile; choosing one goes through the same rule as the form (admins only).
import type { TenantScope } from '../db/tenant-scope.ts'
import {
  chooseDeviceProfile,
  listCredentialProfiles,
  type CredentialProfileId,
  type ProfileChoice,
} from '../credential-profiles/index.ts'
import { ValidationError } from '../lib/errors.ts'
import type { CsvDeviceRow } from './device-csv-rows.ts'
import type { DeviceCtx } from './devices.service.ts'
import type { CsvRowError } from './devices.types.ts'

/** Profile name or id (case-insensitive) → id, for the whole import. */
export async function csvProfileIds(
  scope: TenantScope,
): Promise<(cell: string) => CredentialProfileId | undefined> {
  const map = new Map<string, CredentialProfileId>()
  for (const p of await listCredentialProfiles(scope)) {
    map.set(p.name.toLowerCase(), p.id)
    map.set(p.id.toLowerCase(), p.id)
  }
  return (cell) => map.get(cell.trim().toLowerCase())
}

/** The row's cells with `credential_profile_id` set for the device schemas, or a row error. */
export function withProfileCell(
  line: number,
  cells: Record<string, string>,
  lookup: (cell: string) => CredentialProfileId | undefined,
  current: CredentialProfileId | null,
): { cells: Record<string, string> } | { error: CsvRowError } {
  const cell = cells.credential_profile?.trim() ?? ''
  if (cell === '') return { cells: { ...cells, credential_profile_id: current ?? '' } }
  const id = lookup(cell)
  if (id === undefined) {
    const message = `No credential profile "${cell}".`
    return { error: { line, field: 'credential_profile', message } }
  }
  return { cells: { ...cells, credential_profile_id: id } }
}

/** Decides a valid row's credentials (typed or its profile's); errors name the CSV column. */
export async function rowProfileChoice(
  ctx: DeviceCtx,
  r: CsvDeviceRow,
  current: CredentialProfileId | null,
): Promise<ProfileChoice | CsvRowError[]> {
  const input = r.create ?? r.update
  if (!input) return []
  const typed = r.create
    ? { username: r.create.username || null, password: r.create.password || null }
    : { username: input.username, password: input.password }
  try {
    return await chooseDeviceProfile(
      ctx.deps,
      ctx.scope,
      ctx.actor,
      current,
      input.credential_profile_id,
      typed,
    )
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    return Object.values(err.fields).map((message) => ({
      line: r.line,
      field: 'credential_profile',
      message,
    }))
  }
}
