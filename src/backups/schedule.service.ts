/**
 * Backup schedules: per tenant, site or device (the most specific wins; without any row the
 * tenant is backed up nightly). Each device starts at a fixed offset inside the schedule's window,
 * derived from its id, so a 1,000-router fleet spreads over the window instead of connecting in
 * the same second, and each router is backed up at about the same time every night.
 */
import { createHash } from 'node:crypto'
import { validate } from 'node-cron'
import type { DeviceId, SiteId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import {
  deleteScheduleFor,
  findTerse,
  listDevicePlaces,
  listScheduleRows,
  listSites,
  saveTerse,
  siteExists,
  upsertSchedule,
  type ScheduleRow,
} from './schedule.repo.ts'

export interface Schedule {
  cron: string
  windowMinutes: number
  enabled: boolean
}

/** Nightly at 02:00, spread over 5 minutes (1,000 routers: about three a second). */
export const DEFAULT_SCHEDULE: Readonly<Schedule> = Object.freeze({
  cron: '0 2 * * *',
  windowMinutes: 5,
  enabled: true,
})
export const MAX_WINDOW_MINUTES = 720

export type ScheduleTarget =
  { kind: 'tenant' } | { kind: 'site'; siteId: SiteId } | { kind: 'device'; deviceId: DeviceId }

export interface ScheduleView extends Schedule {
  target: 'tenant' | 'site' | 'device'
  targetId: string | null
  targetName: string
  /** false for the built-in nightly default (no row stored) */
  stored: boolean
}

interface Ctx {
  deps: { clock: { now(): number } }
  scope: TenantScope
}

const toSchedule = (r: ScheduleRow): Schedule => ({
  cron: r.cron,
  windowMinutes: r.window_minutes,
  enabled: r.enabled === 1,
})

/** Checks a schedule from a form or the API; the message says how to fix it. */
export function parseSchedule(input: {
  cron?: unknown
  windowMinutes?: unknown
  enabled?: unknown
}): Schedule {
  const cron = typeof input.cron === 'string' ? input.cron.trim().replace(/\s+/g, ' ') : ''
  const window =
    typeof input.windowMinutes === 'number'
      ? input.windowMinutes
      : Number(String(input.windowMinutes ?? '').trim() || NaN)
  const fields: Record<string, string> = {}
  // five fields only: a seconds field would let a typo back up the fleet every second
  if (cron.split(' ').length !== 5 || !validate(cron))
    fields.cron =
      'Enter a cron expression of five fields (minute hour day month weekday), e.g. "0 2 * * *".'
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW_MINUTES)
    fields.windowMinutes = `Enter whole minutes from 0 to ${MAX_WINDOW_MINUTES}.`
  if (Object.keys(fields).length > 0) throw new ValidationError(fields)
  return {
    cron,
    windowMinutes: window,
    enabled: input.enabled !== false && input.enabled !== 'false' && input.enabled !== '0',
  }
}

/** Which schedule applies to a device: its own, its site's, the tenant's, or the nightly default. */
export function effectiveSchedule(
  rows: readonly ScheduleRow[],
  device: { id: string; site_id: string | null },
): Schedule {
  const own = rows.find((r) => r.device_id === device.id)
  const site =
    device.site_id === null
      ? undefined
      : rows.find((r) => r.site_id === device.site_id && r.device_id === null)
  const tenant = rows.find((r) => r.site_id === null && r.device_id === null)
  const r = own ?? site ?? tenant
  return r ? toSchedule(r) : DEFAULT_SCHEDULE
}

/** The device's fixed start offset inside the window (stable across nights and restarts). */
export function spreadOffsetMs(tenantId: string, deviceId: string, windowMinutes: number): number {
  const span = windowMinutes * 60_000
  if (span <= 0) return 0
  return createHash('sha256').update(`${tenantId}/${deviceId}`).digest().readUInt32BE(0) % span
}

/** Every stored schedule of the tenant, the tenant's own (or the default) first. */
export async function listSchedules(ctx: Ctx): Promise<ScheduleView[]> {
  const [rows, devices, sites] = await Promise.all([
    listScheduleRows(ctx.scope),
    listDevicePlaces(ctx.scope),
    listSites(ctx.scope),
  ])
  const tenant = rows.find((r) => r.site_id === null && r.device_id === null)
  const out: ScheduleView[] = [
    {
      ...(tenant ? toSchedule(tenant) : DEFAULT_SCHEDULE),
      target: 'tenant',
      targetId: null,
      targetName: 'All devices',
      stored: tenant !== undefined,
    },
  ]
  for (const s of sites) {
    const r = rows.find((x) => x.site_id === s.id)
    if (r)
      out.push({
        ...toSchedule(r),
        target: 'site',
        targetId: s.id,
        targetName: s.name,
        stored: true,
      })
  }
  for (const d of devices) {
    const r = rows.find((x) => x.device_id === d.id)
    if (r)
      out.push({
        ...toSchedule(r),
        target: 'device',
        targetId: d.id,
        targetName: d.name,
        stored: true,
      })
  }
  return out
}

async function checkTarget(
  ctx: Ctx,
  t: ScheduleTarget,
): Promise<{ site: SiteId | null; device: DeviceId | null }> {
  if (t.kind === 'site') {
    if (!(await siteExists(ctx.scope, t.siteId)))
      throw new NotFoundError('Site not found.', { code: 'site_not_found' })
    return { site: t.siteId, device: null }
  }
  if (t.kind === 'device') {
    const d = await ctx.scope
      .selectFrom('devices')
      .select('id')
      .where('id', '=', t.deviceId)
      .executeTakeFirst()
    if (!d) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
    return { site: null, device: t.deviceId }
  }
  return { site: null, device: null }
}

export async function saveSchedule(
  ctx: Ctx,
  target: ScheduleTarget,
  input: Parameters<typeof parseSchedule>[0],
): Promise<Schedule> {
  const s = parseSchedule(input)
  const t = await checkTarget(ctx, target)
  const now = ctx.deps.clock.now()
  await upsertSchedule(ctx.scope, {
    id: newId(now),
    site_id: t.site,
    device_id: t.device,
    cron: s.cron,
    window_minutes: s.windowMinutes,
    enabled: s.enabled ? 1 : 0,
    updated_at: now,
  })
  return s
}

/** Removes a site's or device's own schedule (it follows the broader one again); the tenant's goes back to the default. */
export async function removeSchedule(ctx: Ctx, target: ScheduleTarget): Promise<boolean> {
  const t = await checkTarget(ctx, target)
  return (await deleteScheduleFor(ctx.scope, t.site, t.device)) > 0
}

/** What a schedule can apply to (the form's choices). */
export async function scheduleTargets(
  ctx: Pick<Ctx, 'scope'>,
): Promise<{ sites: { id: string; name: string }[]; devices: { id: string; name: string }[] }> {
  const [sites, devices] = await Promise.all([listSites(ctx.scope), listDevicePlaces(ctx.scope)])
  return { sites, devices: devices.map((d) => ({ id: d.id, name: d.name })) }
}

export interface BackupOptions {
  terse: boolean
}

export async function getBackupOptions(ctx: Pick<Ctx, 'scope'>): Promise<BackupOptions> {
  return { terse: await findTerse(ctx.scope) }
}

export async function saveBackupOptions(ctx: Ctx, opts: BackupOptions): Promise<BackupOptions> {
  await saveTerse(ctx.scope, opts.terse, ctx.deps.clock.now())
  return opts
}
