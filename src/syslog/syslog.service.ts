// Use cases of syslog: search a device's lines (FTS5, severity, time range, pages), read and set
// its retention caps (audited), and the receiver's status for super admins.
import { recordAudit } from '../audit/index.ts'
import type { Config } from '../config.ts'
import type { Deps } from '../deps.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { listDeviceLogs, toLogFtsQuery, type DeviceLogRow } from '../db/syslog-search.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import type { SyslogIngest } from './syslog-ingest.ts'
import { logQuerySchema, type LogCapsInput, type LogQuery } from './syslog.schema.ts'
import * as repo from './syslog.repo.ts'
import {
  SEVERITY_NAMES,
  type LogCapsView,
  type LogFilter,
  type LogLineView,
  type LogPage,
  type ReceiverStatusView,
} from './syslog.types.ts'

export interface SyslogCtx {
  deps: Pick<Deps, 'kysely' | 'clock'> & { config: Pick<Config, 'syslog'> }
  scope: TenantScope
  actor: { kind: 'user' | 'api_key'; id: string; name: string; ip: string | null }
}

export async function getLogDevice(
  ctx: SyslogCtx,
  deviceId: string,
): Promise<{ id: DeviceId; host: string; version: string | null; name: string }> {
  const d = await repo.deviceExists(ctx.scope, deviceId)
  if (d === undefined) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  return d
}

function parseTime(field: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined
  // a datetime-local field has no zone: read as UTC, like every time the appliance shows
  const t = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`)
  if (Number.isNaN(t)) throw new ValidationError({ [field]: 'Not a date and time.' })
  return t
}

/** The query string as a filter; a bad value is a ValidationError naming the field. */
function logFilterOf(q: LogQuery): LogFilter {
  const sev =
    q.severity === undefined || q.severity === '' ? undefined : SEVERITY_NAMES.indexOf(q.severity)
  return {
    q: q.q ?? '',
    severity: sev,
    from: parseTime('from', q.from),
    to: parseTime('to', q.to),
    before: q.before,
    limit: q.limit ?? 100,
  }
}

/** A raw query string (page or API) as a filter; bad values are one ValidationError naming each field. */
export function logFilterFromQuery(raw: Record<string, string>): LogFilter {
  const r = logQuerySchema.safeParse(raw)
  if (r.success) return logFilterOf(r.data)
  const fields: Record<string, string> = {}
  for (const i of r.error.issues) fields[i.path.map(String).join('.') || '_query'] ??= i.message
  throw new ValidationError(fields)
}

function view(r: DeviceLogRow): LogLineView {
  return {
    id: r.id,
    at: r.at,
    sentAt: r.sent_at,
    severity: r.severity,
    severityName: SEVERITY_NAMES[r.severity] ?? String(r.severity),
    facility: r.facility,
    host: r.host,
    app: r.app,
    msg: r.msg,
  }
}

export async function searchDeviceLogs(
  ctx: SyslogCtx,
  deviceId: string,
  f: LogFilter,
): Promise<LogPage> {
  const device = await getLogDevice(ctx, deviceId)
  const fts = f.q.trim() === '' ? undefined : toLogFtsQuery(f.q)
  if (f.q.trim() !== '' && fts === undefined)
    throw new ValidationError({ q: 'Enter at least one letter or digit.' })
  const [at, id] = f.before === undefined ? [] : f.before.split('-').map(Number)
  const rows = await listDeviceLogs(ctx.scope, device.id, {
    fts,
    maxSeverity: f.severity,
    from: f.from,
    to: f.to,
    limit: f.limit + 1,
    before: at === undefined || id === undefined ? undefined : { at, id },
  })
  const lines = rows.slice(0, f.limit).map(view)
  const last = lines[lines.length - 1]
  return {
    lines,
    next: rows.length > f.limit && last !== undefined ? `${last.at}-${last.id}` : undefined,
  }
}

export async function logCapsOf(ctx: SyslogCtx, deviceId: string): Promise<LogCapsView> {
  const device = await getLogDevice(ctx, deviceId)
  const caps = await repo.findLogCaps(ctx.scope, device.id)
  const d = ctx.deps.config.syslog
  return caps === undefined
    ? { maxLines: d.maxLines, maxDays: d.maxDays, custom: false }
    : { maxLines: caps.max_lines, maxDays: caps.max_days, custom: true }
}

/** Sets the device's own caps (or goes back to the defaults with `null`); applied within 30 s. */
export async function setLogCaps(
  ctx: SyslogCtx,
  deviceId: string,
  input: LogCapsInput | null,
): Promise<LogCapsView> {
  const device = await getLogDevice(ctx, deviceId)
  const now = ctx.deps.clock.now()
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(ctx.scope.tenantId)
    if (input === null) await repo.deleteLogCaps(scope, device.id)
    else await repo.upsertLogCaps(scope, device.id, input.maxLines, input.maxDays)
    const { actor } = ctx
    await recordAudit(
      tx.global,
      {
        tenantId: ctx.scope.tenantId,
        actor: { kind: actor.kind, id: actor.id, name: actor.name },
        ip: actor.ip,
        action: 'device.syslog_retention',
        target: { type: 'device', id: device.id, label: device.name },
        outcome: 'success',
        details:
          input === null
            ? { defaults: true }
            : { maxLines: input.maxLines, maxDays: input.maxDays },
      },
      now,
    )
  })
  return logCapsOf(ctx, deviceId)
}

/** Counters since start and the unknown senders (super admins). */
export function receiverStatus(ingest: SyslogIngest, port: number): ReceiverStatusView {
  return {
    port,
    queued: ingest.queued,
    counters: { ...ingest.counters },
    unknown: ingest.unknownSources(),
  }
}
