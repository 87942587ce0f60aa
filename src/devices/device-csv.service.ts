// CSV export (never any secret) and all-or-nothing CSV import with row-level errors.
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { appendDeviceSettings } from '../db/edge-outbox.ts'
import { newId } from '../lib/ids.ts'
import { writeCsv } from './csv.ts'
import { auditDevice } from './device-audit.ts'
import {
  bindingDecision,
  dataKeyFor,
  rebindCredentials,
  sealCredentials,
  type GivenCredentials,
} from '../device-access/index.ts'
import {
  existingDeviceRow,
  EXPORT_COLUMNS,
  newDeviceRow,
  readDeviceCsv,
  type CsvDeviceRow,
} from './device-csv-rows.ts'
import { endpointOf, settingsColumns } from './device-input.ts'
import { listDevicePage } from './device-list.repo.ts'
import {
  addLinks,
  findDeviceRowsByName,
  removeLinks,
  updateDevice,
  type DeviceRow,
} from './devices.repo.ts'
import type { DeviceListQuery } from './devices.schema.ts'
import type { DeviceCtx, DevicesDeps } from './devices.service.ts'
import type { CsvImportResult, CsvRowError, DeviceView, LabelKind } from './devices.types.ts'
import { findLabelByName, insertLabel } from '../labels/index.ts'
import { csvProfileIds, rowProfileChoice, withProfileCell } from './device-csv-profiles.ts'
import { profileIdsOfDevices, setDeviceProfile } from '../credential-profiles/index.ts'

// a device an edge appliance forwards (issue 20) is edited on the edge, as in a single edit
const EDGE_OWNED_LINE =
  'This device is managed by an edge appliance; change it on the edge, or leave its line out.'

function exportRow(d: DeviceView) {
  return [
    d.name,
    d.host,
    d.host2,
    d.apiPort,
    d.transport,
    d.tlsMode,
    d.tlsFingerprint,
    d.sshPort,
    d.site?.name ?? '',
    d.tags.map((t) => t.name).join(';'),
    d.groups.map((g) => g.name).join(';'),
    d.notes,
    d.latitude,
    d.longitude,
    d.isEnabled ? 'yes' : 'no',
    d.pollIntervalS,
    d.status,
    d.identity,
    d.board,
    d.version,
    d.serial,
  ]
}

/** Every device matching the filters, as CSV (no credentials, no TLS CA). */
export async function exportDevicesCsv(ctx: DeviceCtx, query: DeviceListQuery): Promise<string> {
  const rows: ReturnType<typeof exportRow>[] = []
  for (let page = 1; ; page++) {
    const p = await listDevicePage(ctx.scope, { ...query, page, per_page: 500 })
    rows.push(...p.rows.map(exportRow))
    if (page >= p.pageCount) break
  }
  return writeCsv(EXPORT_COLUMNS, rows)
}

/** A stored row as CSV-like cells, so empty import cells can keep stored values. */
function storedCells(r: DeviceRow): Record<string, string> {
  const s = (v: string | number | null) => (v === null ? '' : String(v))
  return {
    name: r.name,
    host: r.host,
    host2: s(r.host2),
    api_port: s(r.api_port),
    transport: r.transport,
    tls_mode: r.tls_mode,
    tls_fingerprint: s(r.tls_fingerprint),
    tls_ca_pem: s(r.tls_ca_pem),
    ssh_port: s(r.ssh_port),
    ssh_host_key: s(r.ssh_host_key),
    notes: r.notes,
    latitude: s(r.latitude),
    longitude: s(r.longitude),
    is_enabled: r.is_enabled ? 'on' : 'false',
    poll_interval_s: s(r.poll_interval_s),
  }
}

async function storedByName(scope: TenantScope, names: string[]): Promise<Map<string, DeviceRow>> {
  const out = new Map<string, DeviceRow>()
  for (let i = 0; i < names.length; i += 500) {
    for (const r of await findDeviceRowsByName(scope, names.slice(i, i + 500)))
      out.set(r.name.toLowerCase(), r)
  }
  return out
}

async function validateRows(
  ctx: DeviceCtx,
  text: string,
): Promise<{ rows: CsvDeviceRow[]; stored: Map<string, DeviceRow> } | { errors: CsvRowError[] }> {
  const scope = ctx.scope
  const parsed = readDeviceCsv(text)
  if ('errors' in parsed) return parsed
  const stored = await storedByName(
    scope,
    parsed.records.map((r) => (r.cells.name ?? '').trim()),
  )
  const errors: CsvRowError[] = []
  const rows: CsvDeviceRow[] = []
  const seen = new Map<string, number>()
  const lookup = await csvProfileIds(scope)
  const profileOf = await profileIdsOfDevices(
    scope,
    [...stored.values()].map((d) => d.id),
  )
  for (const { line, cells: raw } of parsed.records) {
    const key = (raw.name ?? '').trim().toLowerCase()
    const dup = seen.get(key)
    if (key !== '' && dup !== undefined)
      errors.push({ line, field: 'name', message: `Same name as line ${dup}.` })
    seen.set(key, line)
    const existing = stored.get(key)
    if (existing !== undefined && existing.edge_id !== null) {
      errors.push({ line, field: 'name', message: EDGE_OWNED_LINE })
      continue
    }
    const current = existing ? (profileOf.get(existing.id) ?? null) : null
    const withProfile = withProfileCell(line, raw, lookup, current)
    if ('error' in withProfile) {
      errors.push(withProfile.error)
      continue
    }
    const cells = withProfile.cells
    const r = existing
      ? existingDeviceRow(line, cells, storedCells(existing))
      : newDeviceRow(line, cells)
    if (Array.isArray(r)) {
      errors.push(...r)
      continue
    }
    const choice = await rowProfileChoice(ctx, r, current)
    if (Array.isArray(choice)) {
      errors.push(...choice)
      continue
    }
    r.profile = choice
    const bindErrors =
      existing && r.update ? bindingErrors(line, existing, r.update, choice.given) : []
    if (bindErrors.length > 0) errors.push(...bindErrors)
    else rows.push(r)
  }
  return errors.length > 0 ? { errors } : { rows, stored }
}

/** Label names → ids, creating the missing ones (inside the import transaction). */
async function resolveLabels(
  scope: TenantScope,
  kind: LabelKind,
  names: Iterable<string>,
  now: number,
) {
  const ids = new Map<string, string>()
  for (const name of names) {
    const key = name.toLowerCase()
    if (ids.has(key)) continue
    const found = await findLabelByName(scope, kind, name)
    const id = found?.id ?? newId(now)
    if (!found) await insertLabel(scope, kind, { id, name, description: '', created_at: now })
    ids.set(key, id)
  }
  return (name: string) => ids.get(name.toLowerCase()) as string
}

/**
 * Blank credential cells keep the stored credentials only while the endpoint stays the same
 * (device-access binding); an import never confirms sending them elsewhere.
 */
function bindingErrors(
  line: number,
  existing: DeviceRow,
  update: NonNullable<CsvDeviceRow['update']>,
  given: GivenCredentials,
): CsvRowError[] {
  const d = bindingDecision(existing, endpointOf(update), given, {
    sendStoredCredentials: false,
    isAdmin: false,
  })
  if (d.ok) return []
  return Object.entries(d.fields).map(([field, message]) => ({ line, field, message }))
}

interface ImportContext {
  deps: DevicesDeps
  scope: TenantScope
  key: Uint8Array
  now: number
  stored: Map<string, DeviceRow>
  site: (name: string) => string
  tag: (name: string) => string
  group: (name: string) => string
}

/** Inserts or updates one row's device; returns its id. */
async function writeDevice(x: ImportContext, r: CsvDeviceRow): Promise<string> {
  const tenantId = x.scope.tenantId
  const siteId = r.site === undefined ? undefined : r.site === null ? null : x.site(r.site)
  if (r.create) {
    const id = newId<DeviceId>(x.now)
    const given = r.profile?.given
    const creds = { username: given?.username ?? '', password: given?.password ?? '' }
    const sealed = sealCredentials(x.key, tenantId, id, creds, endpointOf(r.create))
    const row = {
      id,
      ...settingsColumns(r.create),
      ...sealed,
      created_at: x.now,
      updated_at: x.now,
    }
    await x.scope.insertInto('devices', { ...row, site_id: (siteId ?? null) as never }).execute()
    return id
  }
  const u = r.update as NonNullable<CsvDeviceRow['update']>
  const before = x.stored.get(r.name.toLowerCase()) as DeviceRow
  const id = before.id
  const { site_id: _ignored, ...settings } = settingsColumns(u)
  const given = r.profile?.given ?? { username: u.username, password: u.password }
  const rebound = await rebindCredentials(x.deps, x.scope, before, endpointOf(u), given, {
    sendStoredCredentials: false,
    isAdmin: false,
  })
  await updateDevice(x.scope, id, {
    ...settings,
    ...(siteId !== undefined ? { site_id: siteId as never } : {}),
    ...rebound.sealed,
    updated_at: x.now,
  })
  return id
}

/** A row's tags/groups replace the device's when the column has a value. */
async function writeLinks(x: ImportContext, id: string, r: CsvDeviceRow): Promise<void> {
  if (r.tags !== undefined) {
    await removeLinks(x.scope, 'device_tags', [id], null)
    await addLinks(x.scope, 'device_tags', [id], r.tags.map(x.tag))
  }
  if (r.groups !== undefined) {
    await removeLinks(x.scope, 'device_group_members', [id], null)
    await addLinks(x.scope, 'device_group_members', [id], r.groups.map(x.group))
  }
}

/** Imports every row or none: any invalid row returns its errors and changes nothing. */
export async function importDevicesCsv(ctx: DeviceCtx, text: string): Promise<CsvImportResult> {
  const v = await validateRows(ctx, text)
  if ('errors' in v) return { ok: false, errors: v.errors.slice(0, 200) }
  const key = await dataKeyFor(ctx.deps, ctx.scope)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  const created = v.rows.filter((r) => r.create).length
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    const x: ImportContext = {
      deps: ctx.deps,
      scope,
      key,
      now,
      stored: v.stored,
      site: await resolveLabels(
        scope,
        'sites',
        v.rows.flatMap((r) => (r.site ? [r.site] : [])),
        now,
      ),
      tag: await resolveLabels(
        scope,
        'tags',
        v.rows.flatMap((r) => r.tags ?? []),
        now,
      ),
      group: await resolveLabels(
        scope,
        'groups',
        v.rows.flatMap((r) => r.groups ?? []),
        now,
      ),
    }
    for (const r of v.rows) {
      const id = await writeDevice(x, r)
      await writeLinks(x, id, r)
      if (r.profile) await setDeviceProfile(scope, [id as DeviceId], r.profile.profileId)
      // edge appliances (issue 20): the settings, for the central Outpost
      await appendDeviceSettings(scope, id, now)
    }
    const details = {
      created,
      updated: v.rows.length - created,
      names: v.rows.slice(0, 100).map((r) => r.name),
    }
    await auditDevice(
      tx.global,
      ctx.actor,
      tenantId,
      'device.import',
      { id: null, label: `${v.rows.length} devices` },
      now,
      details,
    )
  })
  return { ok: true, created, updated: v.rows.length - created }
}
