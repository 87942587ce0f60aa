// Fleet jobs and templates over JSON (issue 12): start a job (command, template, guided config,
// firmware) on devices chosen by id, tag, site or all; follow it; cancel, resume, retry; results
// as CSV; templates with their versions and a per-device preview.
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../deps.ts'
import { checkFirmwareNow, fleetFirmware } from '../firmware/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import {
  cancelJob,
  createJob,
  getJobDetail,
  getTemplate,
  jobCreateSchema,
  jobCsv,
  listJobViews,
  listTemplates,
  previewTemplate,
  resumeJob,
  retryJob,
  saveTemplateVersion,
  templateInputSchema,
  toJobView,
  type JobsCtx,
} from '../jobs/index.ts'
import type { ApiRouter } from './api-router.ts'
import { errorSchema, wrap } from './schemas/common.ts'
import {
  jobDetailSchema,
  jobSchema,
  previewSchema,
  templateSchema,
  templateVersionSchema,
} from './schemas/jobs.ts'

const previewBody = z.object({
  targets: z.object({
    deviceIds: z.array(z.string().max(40)).max(10_000).optional(),
    tags: z.array(z.string().max(100)).max(50).optional(),
    site: z.string().max(100).optional(),
    all: z.boolean().optional(),
  }),
  variables: z
    .record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])))
    .default({}),
})

export function jobsCtx(c: Context<TenantEnv>, deps: Deps): JobsCtx {
  const a = actorOf(c)
  return { deps, scope: c.var.scope, actor: { kind: a.kind, id: a.id, name: a.name, ip: a.ip } }
}

export function jobsApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Jobs'
  const jobId = (c: Context<TenantEnv>) => c.req.param('jobId') ?? ''
  api.tenantRoute(
    {
      method: 'post',
      path: '/jobs',
      tag,
      role: 'operator',
      summary: 'Start a job on many devices',
      description:
        "`kind`: `command` (`command`), `template` (`templateId`, per-device `variables`), `guided` (`guided: { task, … }`) or `firmware` (`firmware: { channel?, rebootTimeoutS, routerboard }`, batches of `concurrency`). `targets`: `deviceIds`, `tags`, `site` or `all`; another tenant's device is a 404. A job that writes must send `confirmTargets` equal to the number of devices it changes. Templates whose variables do not fit a device skip that device (reason on the target).",
      body: jobCreateSchema,
      responses: { 201: wrap('job', jobSchema), 404: errorSchema, 422: errorSchema },
    },
    async (c) => {
      const ctx = jobsCtx(c, deps)
      const row = await createJob(ctx, await readJson(c, jobCreateSchema))
      return c.json({ job: toJobView(row, undefined) }, 201)
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/jobs',
      tag,
      role: 'viewer',
      summary: 'Jobs of the tenant, newest first (90 days of history)',
      responses: { 200: wrap('jobs', z.array(jobSchema)) },
    },
    async (c) => {
      return c.json({ jobs: await listJobViews(jobsCtx(c, deps)) })
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/jobs/:jobId',
      tag,
      role: 'viewer',
      summary: 'A job with every target: state, output, error, duration',
      responses: { 200: wrap('job', jobDetailSchema) },
    },
    async (c) => {
      return c.json({ job: await getJobDetail(jobsCtx(c, deps), jobId(c)) })
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/jobs/:jobId/results.csv',
      tag,
      role: 'viewer',
      summary: 'The results, one line per target',
      responses: { 200: 'csv' },
    },
    async (c) => {
      const csv = await jobCsv(jobsCtx(c, deps), jobId(c))
      c.header('Content-Type', 'text/csv; charset=utf-8')
      c.header('Content-Disposition', `attachment; filename="job-${jobId(c)}.csv"`)
      return c.body(csv)
    },
  )
  const action = (name: 'cancel' | 'resume' | 'retry', summary: string, fn: typeof cancelJob) =>
    api.tenantRoute(
      {
        method: 'post',
        path: `/jobs/:jobId/${name}`,
        tag,
        role: 'operator',
        summary,
        responses: { 200: wrap('job', jobSchema), 409: errorSchema },
      },
      async (c) => {
        return c.json({ job: await fn(jobsCtx(c, deps), jobId(c)) })
      },
    )
  action('cancel', 'Cancel: targets not started are cancelled, running ones finish', cancelJob)
  action(
    'resume',
    'Continue after the canary, a halt, a restart (interrupted targets run again) or before its window',
    resumeJob,
  )
  action('retry', 'Run the failed and interrupted targets again', retryJob)

  const ttag = 'Templates'
  const templateId = (c: Context<TenantEnv>) => c.req.param('templateId') ?? ''
  api.tenantRoute(
    {
      method: 'get',
      path: '/templates',
      tag: ttag,
      role: 'viewer',
      summary: 'Templates of the tenant',
      responses: { 200: wrap('templates', z.array(templateSchema)) },
    },
    async (c) => {
      return c.json({ templates: await listTemplates(jobsCtx(c, deps)) })
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/templates',
      tag: ttag,
      role: 'operator',
      summary: 'Create a template (version 1)',
      description:
        'RouterOS script with `{{name}}` placeholders; every placeholder must be a declared variable (string, number, ip, cidr, boolean, choice), filled from a device field (`source`) or per-device values.',
      body: templateInputSchema,
      responses: { 201: wrap('template', templateSchema), 409: errorSchema, 422: errorSchema },
    },
    async (c) => {
      return c.json(
        {
          template: await saveTemplateVersion(
            jobsCtx(c, deps),
            undefined,
            await readJson(c, templateInputSchema),
          ),
        },
        201,
      )
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/templates/:templateId',
      tag: ttag,
      role: 'viewer',
      summary: 'A template and its versions (who changed what)',
      responses: {
        200: z.object({ template: templateSchema, versions: z.array(templateVersionSchema) }),
      },
    },
    async (c) => {
      return c.json(await getTemplate(jobsCtx(c, deps), templateId(c)))
    },
  )
  api.tenantRoute(
    {
      method: 'patch',
      path: '/templates/:templateId',
      tag: ttag,
      role: 'operator',
      summary: 'Change a template: a new version',
      body: templateInputSchema,
      responses: { 200: wrap('template', templateSchema), 409: errorSchema, 422: errorSchema },
    },
    async (c) => {
      // another tenant's template is a 404 before the body is judged
      await getTemplate(jobsCtx(c, deps), templateId(c))
      return c.json({
        template: await saveTemplateVersion(
          jobsCtx(c, deps),
          templateId(c),
          await readJson(c, templateInputSchema),
        ),
      })
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/templates/:templateId/preview',
      tag: ttag,
      role: 'operator',
      summary: 'Dry run: the script each device would get, or why not (no device is contacted)',
      body: previewBody,
      responses: { 200: previewSchema },
    },
    async (c) => {
      await getTemplate(jobsCtx(c, deps), templateId(c))
      const body = await readJson(c, previewBody)
      const r = await previewTemplate(jobsCtx(c, deps), templateId(c), body.targets, body.variables)
      return c.json({ readOnly: r.template.readOnly, rows: r.rows })
    },
  )
}

const checkBody = z.object({
  deviceIds: z.array(z.string().max(40)).max(10_000).default([]).describe('default: every device'),
})
const firmwareDevice = z.object({
  deviceId: z.string(),
  name: z.string(),
  board: z.string().nullable(),
  installed: z.string().nullable(),
  channel: z.string().nullable(),
  latest: z.string().nullable(),
  updateAvailable: z.boolean(),
  routerboard: z.boolean().nullable(),
  currentFirmware: z.string().nullable(),
  upgradeFirmware: z.string().nullable(),
  checkedAt: z.number().int().nullable(),
  checkError: z.string().nullable(),
})

/** The fleet firmware view and "check now"; upgrades are `POST /jobs` with `kind: "firmware"`. */
export function firmwareApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Firmware'
  api.tenantRoute(
    {
      method: 'get',
      path: '/firmware',
      tag,
      role: 'viewer',
      summary: 'RouterOS and RouterBOOT versions per device, available versions, counts by version',
      responses: {
        200: z.object({
          devices: z.array(firmwareDevice),
          byVersion: z.array(z.object({ version: z.string(), count: z.number().int() })),
          updatesAvailable: z.number().int(),
        }),
      },
    },
    async (c) => {
      return c.json(await fleetFirmware({ scope: c.var.scope }))
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/firmware/check',
      tag,
      role: 'operator',
      summary: 'Check for updates now (over SSH; read-only)',
      body: checkBody,
      responses: {
        200: z.object({ checked: z.number().int(), failed: z.number().int() }),
        404: errorSchema,
      },
    },
    async (c) => {
      const body = await readJson(c, checkBody)
      return c.json(await checkFirmwareNow({ deps, scope: c.var.scope }, body.deviceIds))
    },
  )
}
