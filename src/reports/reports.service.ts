// Reports use cases: generate a PDF of one kind and period (refused when the period is bad or has
// nothing to report, before anything is stored), list/download/delete them, e-mail them through
// an e-mail channel, and the monthly schedules. Every change is audited.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Deps } from '../deps.ts'
import { recordAudit } from '../audit/index.ts'
import { newId } from '../lib/ids.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import { DeliveryError, emailChannels, mailFile } from '../notifications/index.ts'
import type { CollectCtx, Collected } from './report-context.ts'
import { localDate } from './report-doc.ts'
import { collectCompliance } from './report-compliance.ts'
import { collectBackups, collectSummary } from './report-fleet.ts'
import { collectHealth } from './report-health.ts'
import { renderPdf } from './report-pdf.ts'
import { parsePeriod, type Period } from './report-period.ts'
import { collectSla } from './report-sla.ts'
import * as repo from './reports.repo.ts'
import type { ReportInput, ScheduleInput } from './reports.schema.ts'
import {
  KIND_TITLES,
  type ReportKind,
  type ReportView,
  type ScheduleView,
} from './reports.types.ts'

export type ReportsDeps = Pick<Deps, 'kysely' | 'db' | 'clock' | 'log' | 'secrets'>

export interface ReportsCtx {
  deps: ReportsDeps
  scope: TenantScope
  actor: { kind: 'user' | 'api_key' | 'system'; id: string | null; name: string; ip: string | null }
  /** the running poller's metrics store (health reports); absent without a poller */
  metrics: MetricsBackend | undefined
}

const COLLECTORS: Record<ReportKind, (c: CollectCtx) => Collected | Promise<Collected>> = {
  summary: collectSummary,
  health: collectHealth,
  backups: collectBackups,
  sla: collectSla,
  compliance: collectCompliance,
}

function dayOf(at: number, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(at))
}

function toView(r: repo.ReportRow, tz: string): ReportView {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    fromDay: dayOf(r.period_from, tz),
    toDay: dayOf(r.period_to - 1, tz),
    periodFrom: r.period_from,
    periodTo: r.period_to,
    deviceCount: r.device_count,
    pages: r.pages,
    bytes: r.bytes,
    scheduled: r.schedule_id !== null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    emailedTo: r.emailed_to,
    emailError: r.email_error,
    downloadUrl: `/api/v1/reports/${r.id}/pdf`,
  }
}

async function audit(
  ctx: ReportsCtx,
  action: string,
  target: { id: string; label: string },
  details?: Record<string, unknown>,
): Promise<void> {
  const { kind, id, name, ip } = ctx.actor
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind, id, name },
      ip,
      action,
      target: { type: 'report', ...target },
      outcome: 'success',
      details,
    },
    ctx.deps.clock.now(),
  )
}

/** Builds, stores and (when asked) e-mails one report. */
export async function generateReport(
  ctx: ReportsCtx,
  input: ReportInput,
  options: { period?: Period; scheduleId?: string } = {},
): Promise<ReportView> {
  const now = ctx.deps.clock.now()
  const tenant = await repo.tenantFacts(ctx.deps.db, ctx.scope.tenantId)
  const tz = tenant.timeZone
  const period = options.period ?? parsePeriod(input.from, input.to, tz, now)
  const devices = await repo.devicesBefore(ctx.scope, period.to)
  const collect = {
    deps: ctx.deps,
    scope: ctx.scope,
    metrics: ctx.metrics,
    period,
    tz,
    now,
    devices,
  }
  const got = await COLLECTORS[input.kind](collect)
  const label = `${localDate(period.from, tz)} – ${localDate(period.to - 1, tz)}`
  if (!got.ok)
    throw new ValidationError(
      { period: got.reason },
      `Nothing to report for ${label}: ${got.reason}`,
      {
        code: 'no_data',
      },
    )
  const title = KIND_TITLES[input.kind]
  const pdf = await renderPdf(
    {
      title,
      tenantName: tenant.name,
      periodLabel: `${label} (${tz})`,
      generatedLabel: localDate(now, tz, true),
      kpis: got.kpis,
      sections: got.sections,
      deviceCount: devices.length,
    },
    new Date(now),
  )
  const id = newId(now)
  await repo.insertReport(ctx.scope, {
    id,
    kind: input.kind,
    period_from: period.from,
    period_to: period.to,
    title: `${title}, ${label}`,
    device_count: devices.length,
    pages: pdf.pages,
    bytes: pdf.bytes.length,
    pdf: pdf.bytes,
    schedule_id: options.scheduleId ?? null,
    created_by: ctx.actor.name,
    created_at: now,
    emailed_to: null,
    email_error: null,
  })
  await audit(ctx, 'report.create', { id, label: `${title}, ${label}` }, { kind: input.kind })
  if (input.channelId !== undefined) return emailReport(ctx, id, input.channelId)
  return getReport(ctx, id)
}

export async function getReport(ctx: ReportsCtx, id: string): Promise<ReportView> {
  const r = await repo.findReport(ctx.scope, id)
  if (r === undefined) throw new NotFoundError('That report does not exist.')
  const { timeZone } = await repo.tenantFacts(ctx.deps.db, ctx.scope.tenantId)
  return toView(r, timeZone)
}

export async function reportPdf(
  ctx: ReportsCtx,
  id: string,
): Promise<{ filename: string; bytes: Uint8Array }> {
  const view = await getReport(ctx, id)
  const bytes = await repo.readPdf(ctx.scope, id)
  if (bytes === undefined) throw new NotFoundError('That report does not exist.')
  return { filename: `outpost-${view.kind}-${view.fromDay}-${view.toDay}.pdf`, bytes }
}

export async function listReports(ctx: ReportsCtx): Promise<{
  reports: ReportView[]
  schedules: ScheduleView[]
  channels: { id: string; name: string; to: string }[]
  timeZone: string
}> {
  const [rows, schedules, channels, tenant] = await Promise.all([
    repo.listReportRows(ctx.scope, 500),
    repo.listScheduleRows(ctx.scope),
    emailChannels(ctx.scope),
    repo.tenantFacts(ctx.deps.db, ctx.scope.tenantId),
  ])
  const names = new Map(channels.map((c) => [c.id, c.name]))
  return {
    reports: rows.map((r) => toView(r, tenant.timeZone)),
    schedules: schedules.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: KIND_TITLES[s.kind],
      channelId: s.channel_id,
      channelName: s.channel_id === null ? null : (names.get(s.channel_id) ?? null),
    })),
    channels,
    timeZone: tenant.timeZone,
  }
}

export async function removeReport(ctx: ReportsCtx, id: string): Promise<void> {
  const view = await getReport(ctx, id)
  await repo.deleteReport(ctx.scope, id)
  await audit(ctx, 'report.delete', { id, label: view.title })
}

/** Sends a stored report; a refused or unreachable server is recorded on the report, not thrown. */
export async function emailReport(
  ctx: ReportsCtx,
  id: string,
  channelId: string,
): Promise<ReportView> {
  const { filename, bytes } = await reportPdf(ctx, id)
  const view = await getReport(ctx, id)
  const file = {
    subject: `${view.title} (Outpost report)`,
    text: `The attached PDF is the ${view.title} report for ${view.fromDay} to ${view.toDay}.`,
    filename,
    content: bytes,
    contentType: 'application/pdf',
  }
  try {
    const to = await mailFile(ctx.deps, ctx.scope, channelId, file)
    await repo.setEmailOutcome(ctx.scope, id, to, null)
    await audit(ctx, 'report.email', { id, label: view.title }, { to })
  } catch (err) {
    if (!(err instanceof DeliveryError)) throw err
    await repo.setEmailOutcome(ctx.scope, id, null, err.message)
    ctx.deps.log.warn({ reportId: id, err: err.message }, 'report e-mail failed')
  }
  return getReport(ctx, id)
}

export async function saveSchedule(ctx: ReportsCtx, input: ScheduleInput): Promise<void> {
  if (input.channelId !== null) {
    const channels = await emailChannels(ctx.scope)
    if (!channels.some((c) => c.id === input.channelId))
      throw new ValidationError({ channelId: 'Choose one of your e-mail channels.' })
  }
  const id = newId(ctx.deps.clock.now())
  await repo.upsertSchedule(ctx.scope, {
    id,
    kind: input.kind,
    channel_id: input.channelId,
    created_at: ctx.deps.clock.now(),
  })
  await audit(ctx, 'report.schedule', { id, label: KIND_TITLES[input.kind] }, { ...input })
}

export async function removeSchedule(ctx: ReportsCtx, id: string): Promise<void> {
  if (!(await repo.deleteSchedule(ctx.scope, id)))
    throw new NotFoundError('That schedule does not exist.')
  await audit(ctx, 'report.unschedule', { id, label: id })
}
