// Config backups over JSON (issue 10): back up now, list and read versions, the audited .rsc
// download, diffs (also against the live config), a whole-tenant run to follow, fleet search.
// Viewers see secrets masked; operators get raw text (each reveal and download audited).
import type { Context } from 'hono'
import { z } from 'zod'
import { backUpDevice, listBackups } from '../backups/index.ts'
import {
  diffVersions,
  downloadExport,
  getTenantRun,
  lastAttempt,
  searchWithNames,
  startTenantRun,
  type Reader,
  type ReaderCtx,
} from '../backups/index.ts'
import type { LiveSources } from '../dashboard/index.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { Deps } from '../deps.ts'
import { deviceCtx, getDevice } from '../devices/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import type { ApiRouter } from './api-router.ts'
import {
  backupListSchema,
  backupRunSchema,
  backupSchema,
  captureSchema,
  searchSchema,
} from './schemas/backups.ts'
import { errorSchema, wrap } from './schemas/common.ts'

const diffQuery = z.object({
  from: z.string().min(1).max(40).describe('a backup id'),
  to: z
    .string()
    .min(1)
    .max(40)
    .describe('a backup id, or `live` to capture the running config now (not stored)'),
})
const runBody = z.object({
  deviceIds: z
    .array(z.string().max(40))
    .max(10_000)
    .optional()
    .describe('default: every device of the tenant'),
})
const searchQuery = z.object({
  q: z.string().max(200).describe('words, each matched as a phrase, all required'),
})

/** Operators and admins may see secrets; viewers (and viewer API keys) get them masked. */
export function readerOf(c: Context<TenantEnv>): Reader {
  const a = actorOf(c)
  const role = c.var.session?.role
  return {
    kind: a.kind,
    id: a.id,
    name: a.name,
    ip: a.ip,
    mayReveal: a.isSuperAdmin || role === 'operator' || role === 'admin',
  }
}

export function backupsApi(api: ApiRouter, deps: Deps, live: LiveSources | undefined): void {
  const tag = 'Backups'
  const ctxOf = (c: Context<TenantEnv>): ReaderCtx => ({ deps, scope: c.var.scope, bus: live?.bus })
  /** The device of the path, read through DEVICES (404 for another tenant's). */
  const device = async (c: Context<TenantEnv>): Promise<DeviceId> =>
    (await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')).id as DeviceId
  const query = <S extends z.ZodObject>(c: Context<TenantEnv>, s: S): z.output<S> => {
    const r = s.safeParse(c.req.query())
    if (r.success) return r.data
    const fields: Record<string, string> = {}
    for (const i of r.error.issues) fields[i.path.map(String).join('.') || '_query'] ??= i.message
    throw new ValidationError(fields)
  }

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/backups',
      tag,
      role: 'operator',
      summary: 'Back up now: answers once the capture is stored (or why not)',
      description:
        'An unchanged config adds no version (`changed: false`). A failed capture answers 409 with the reason in plain words; nothing partial is stored.',
      responses: { 200: captureSchema, 409: errorSchema },
    },
    async (c) => {
      const r = await backUpDevice(ctxOf(c), await device(c))
      if (!r.ok)
        throw new ConflictError(r.reason, {
          code: r.code === 'device_deleted' ? 'device_not_found' : 'backup_failed',
        })
      return c.json({ backup: r.backup, changed: r.changed, summary: r.summary })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/backups',
      tag,
      role: 'viewer',
      summary: 'Versions of a device, newest first, and its last backup attempt',
      responses: { 200: backupListSchema },
    },
    async (c) => {
      const id = await device(c)
      const ctx = ctxOf(c)
      return c.json({
        backups: await listBackups(ctx, id),
        lastAttempt: await lastAttempt(ctx.scope, id),
      })
    },
  )

  // before /backups/:backupId so `diff` is not taken for an id
  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/backups/diff',
      tag,
      role: 'viewer',
      summary: 'Unified diff between two versions, or a version and the live config',
      description:
        'Compares normalised text (the header date is ignored). Masked for viewers; raw for operators (audited). `to=live` captures now without storing; a failed capture answers 409.',
      query: diffQuery,
      responses: { 200: 'text', 409: errorSchema },
    },
    async (c) => {
      const id = await device(c)
      const q = query(c, diffQuery)
      const text = await diffVersions(ctxOf(c), readerOf(c), id, q.from, q.to)
      return c.text(text)
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/backups/:backupId',
      tag,
      role: 'viewer',
      summary: 'Metadata of one version',
      responses: { 200: wrap('backup', backupSchema) },
    },
    async (c) => {
      const id = await device(c)
      const b = (await listBackups(ctxOf(c), id, 100_000)).find(
        (x) => x.id === c.req.param('backupId'),
      )
      if (!b) throw new NotFoundError('Backup not found.', { code: 'backup_not_found' })
      return c.json({ backup: b })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/backups/:backupId/export.rsc',
      tag,
      role: 'operator',
      summary: 'The version as captured (raw .rsc with secrets; audited)',
      responses: { 200: 'text' },
    },
    async (c) => {
      const id = await device(c)
      const backupId = c.req.param('backupId') ?? ''
      const text = await downloadExport(ctxOf(c), readerOf(c), id, backupId)
      c.header('Content-Disposition', `attachment; filename="${id}-${backupId}.rsc"`)
      return c.text(text)
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/backups/run',
      tag,
      role: 'operator',
      summary:
        'Back up every device of the tenant (or a selection) now; answers at once with the run to follow',
      description:
        'Devices are backed up a few at a time through the session limits; follow `GET /backups/runs/{runId}`. Body optional: `{ "deviceIds": [...] }` for a selection.',
      body: runBody,
      responses: { 202: backupRunSchema },
    },
    async (c) => {
      const hasBody = (c.req.header('Content-Length') ?? '0') !== '0'
      const body = hasBody ? await readJson(c, runBody) : {}
      return c.json(
        {
          run: await startTenantRun(
            ctxOf(c),
            body.deviceIds ? { deviceIds: body.deviceIds as DeviceId[] } : {},
          ),
        },
        202,
      )
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/backups/runs/:runId',
      tag,
      role: 'viewer',
      summary: 'Progress of a whole-tenant run (per device)',
      responses: { 200: backupRunSchema },
    },
    (c) => {
      return c.json({ run: getTenantRun(ctxOf(c), c.req.param('runId') ?? '') })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/backups/search',
      tag,
      role: 'viewer',
      summary: 'Search the latest config of every device (secrets masked)',
      query: searchQuery,
      responses: { 200: searchSchema },
    },
    async (c) => {
      const { q } = query(c, searchQuery)
      return c.json({ results: await searchWithNames(ctxOf(c), q) })
    },
  )
}
