// Use cases of maintenance windows: list, read, create, change and delete (audited), the tenant's
// time zone, and which devices are in a window now (for the device pages).
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId } from '../lib/ids.ts'
import type { MaintenanceCalendar } from './maintenance-calendar.ts'
import * as repo from './maintenance.repo.ts'
import type { WindowInput } from './maintenance.schema.ts'
import { WEEKDAYS, type ScopeOption, type WindowView } from './maintenance.types.ts'
import { openWindowFor, type Place } from './window-match.ts'
import { instantToLocal, isTimeZone, localToInstant, openUntil } from './window-time.ts'

export interface MaintenanceCtx {
  deps: Pick<Deps, 'kysely' | 'db' | 'clock'>
  scope: TenantScope
  actor: { kind: 'user' | 'api_key'; id: string; name: string; ip: string | null }
  /** the running engine's calendar, told at once about a time-zone change */
  calendar?: MaintenanceCalendar | undefined
}

function audit(
  ctx: MaintenanceCtx,
  tx: Tx,
  action: string,
  target: { type: string; id: string; label: string },
  details?: Record<string, unknown>,
) {
  const { actor } = ctx
  return recordAudit(
    tx.global,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target,
      outcome: 'success',
      ...(details ? { details } : {}),
    },
    ctx.deps.clock.now(),
  )
}

const pad = (n: number) => String(n).padStart(2, '0')

function view(w: repo.WindowRow, names: Map<string, string>, now: number, tz: string): WindowView {
  return {
    id: w.id,
    name: w.name,
    scopeKind: w.scope_kind,
    scopeId: w.scope_id,
    scopeName: w.scope_id === null ? '' : (names.get(w.scope_id) ?? '(deleted)'),
    kind: w.kind,
    startsAt: w.starts_at,
    endsAt: w.ends_at,
    days: WEEKDAYS.filter((_, i) => (w.week_days & (1 << i)) !== 0),
    startTime: `${pad(Math.floor(w.start_minute / 60))}:${pad(w.start_minute % 60)}`,
    durationMin: w.duration_min,
    openUntil: openUntil(w, now, tz) ?? null,
    startsLocal: w.starts_at === null ? '' : instantToLocal(w.starts_at, tz),
    endsLocal: w.ends_at === null ? '' : instantToLocal(w.ends_at, tz),
  }
}

export async function timeZoneOf(ctx: MaintenanceCtx): Promise<string> {
  return repo.tenantTimeZone(ctx.deps.db, ctx.scope.tenantId)
}

export async function listWindowViews(
  ctx: MaintenanceCtx,
): Promise<{ windows: WindowView[]; timeZone: string; options: ScopeOption[] }> {
  const [rows, tz, options] = await Promise.all([
    repo.listWindows(ctx.scope),
    timeZoneOf(ctx),
    repo.scopeNames(ctx.scope),
  ])
  const names = new Map(options.map((o) => [o.id, o.name]))
  const now = ctx.deps.clock.now()
  return { windows: rows.map((w) => view(w, names, now, tz)), timeZone: tz, options }
}

async function getRow(ctx: MaintenanceCtx, id: string): Promise<repo.WindowRow> {
  const row = isId(id) ? await repo.findWindow(ctx.scope, id) : undefined
  if (row === undefined)
    throw new NotFoundError('Maintenance window not found.', {
      code: 'maintenance_window_not_found',
    })
  return row
}

export async function getWindowView(ctx: MaintenanceCtx, id: string): Promise<WindowView> {
  const row = await getRow(ctx, id)
  const names = new Map((await repo.scopeNames(ctx.scope)).map((o) => [o.id, o.name]))
  return view(row, names, ctx.deps.clock.now(), await timeZoneOf(ctx))
}

/** The input as columns; every problem is a field message. */
async function columnsOf(ctx: MaintenanceCtx, input: WindowInput) {
  const errors: Record<string, string> = {}
  const tz = await timeZoneOf(ctx)
  const scopeId = input.scopeKind === 'tenant' ? null : (input.scopeId ?? '')
  if (
    input.scopeKind !== 'tenant' &&
    (scopeId === null ||
      !isId(scopeId) ||
      !(await repo.scopeTargetExists(ctx.scope, input.scopeKind, scopeId)))
  ) {
    errors.scopeId = `Pick a ${input.scopeKind} of this tenant.`
  }
  const base = {
    name: input.name,
    scope_kind: input.scopeKind,
    scope_id: scopeId,
    kind: input.kind,
  }
  if (input.kind === 'once') {
    const start = input.startsAt === undefined ? undefined : localToInstant(input.startsAt, tz)
    const end = input.endsAt === undefined ? undefined : localToInstant(input.endsAt, tz)
    if (start === undefined) errors.startsAt = 'Enter the start.'
    if (end === undefined) errors.endsAt = 'Enter the end.'
    else if (start !== undefined && end <= start) errors.endsAt = 'The end must be after the start.'
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    return {
      ...base,
      starts_at: start!,
      ends_at: end!,
      week_days: 0,
      start_minute: 0,
      duration_min: 0,
    }
  }
  const days = input.days ?? []
  if (days.length === 0) errors.days = 'Pick at least one day.'
  if (input.startTime === undefined) errors.startTime = 'Enter the start time.'
  if (input.durationMin === undefined) errors.durationMin = 'Enter the duration in minutes.'
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  const [h, m] = input.startTime!.split(':').map(Number) as [number, number]
  const mask = days.reduce((a, d) => a | (1 << WEEKDAYS.indexOf(d)), 0)
  return {
    ...base,
    starts_at: null,
    ends_at: null,
    week_days: mask,
    start_minute: h * 60 + m,
    duration_min: input.durationMin!,
  }
}

export async function createWindow(ctx: MaintenanceCtx, input: WindowInput): Promise<WindowView> {
  const cols = await columnsOf(ctx, input)
  const now = ctx.deps.clock.now()
  const id = newId(now)
  await withTransaction(ctx.deps, async (tx) => {
    await repo.insertWindow(tx.scope(ctx.scope.tenantId), {
      id,
      ...cols,
      created_at: now,
      updated_at: now,
    })
    await audit(ctx, tx, 'maintenance.create', { type: 'maintenance_window', id, label: cols.name })
  })
  return getWindowView(ctx, id)
}

export async function changeWindow(
  ctx: MaintenanceCtx,
  id: string,
  input: WindowInput,
): Promise<WindowView> {
  const row = await getRow(ctx, id)
  const cols = await columnsOf(ctx, input)
  await withTransaction(ctx.deps, async (tx) => {
    await repo.updateWindow(tx.scope(ctx.scope.tenantId), row.id, {
      ...cols,
      updated_at: ctx.deps.clock.now(),
    })
    await audit(ctx, tx, 'maintenance.update', {
      type: 'maintenance_window',
      id: row.id,
      label: cols.name,
    })
  })
  return getWindowView(ctx, id)
}

export async function removeWindow(ctx: MaintenanceCtx, id: string): Promise<void> {
  const row = await getRow(ctx, id)
  await withTransaction(ctx.deps, async (tx) => {
    await repo.deleteWindow(tx.scope(ctx.scope.tenantId), row.id)
    await audit(ctx, tx, 'maintenance.delete', {
      type: 'maintenance_window',
      id: row.id,
      label: row.name,
    })
  })
}

export async function changeTimeZone(ctx: MaintenanceCtx, tz: string): Promise<void> {
  if (!isTimeZone(tz))
    throw new ValidationError({
      timeZone: 'Enter an IANA time zone such as Europe/Vienna or America/New_York.',
    })
  await withTransaction(ctx.deps, async (tx) => {
    await repo.setTenantTimeZone(tx.global, ctx.scope.tenantId, tz)
    await audit(ctx, tx, 'tenant.time_zone', { type: 'tenant', id: ctx.scope.tenantId, label: tz })
  })
  ctx.calendar?.setZone(ctx.scope.tenantId, tz)
}

/** The window a device of this tenant is in now (404 for a device that is not the tenant's). */
export async function maintenanceOfDevice(
  ctx: MaintenanceCtx,
  deviceId: string,
): Promise<{ name: string; until: number } | undefined> {
  const places = await repo.devicePlacesOf(ctx.scope, isId(deviceId) ? [deviceId] : [])
  if (!places.has(deviceId))
    throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  return (await devicesInMaintenance(ctx.deps, ctx.scope, [deviceId])).get(deviceId)
}

/** Devices inside a window now, with the window's name and end (device list and page). */
export async function devicesInMaintenance(
  deps: MaintenanceCtx['deps'],
  scope: TenantScope,
  deviceIds: readonly string[],
): Promise<Map<string, { name: string; until: number }>> {
  const out = new Map<string, { name: string; until: number }>()
  const windows = await repo.listWindows(scope)
  if (windows.length === 0 || deviceIds.length === 0) return out
  const [tz, places] = await Promise.all([
    repo.tenantTimeZone(deps.db, scope.tenantId),
    repo.devicePlacesOf(scope, deviceIds),
  ])
  const now = deps.clock.now()
  for (const id of deviceIds) {
    const hit = openWindowFor(windows, id, places.get(id) ?? NO_PLACE, now, tz)
    if (hit !== undefined) out.set(id, hit)
  }
  return out
}

const NO_PLACE: Place = { siteId: null, tagIds: [] }
