// /api/v1/reports: generate a PDF report of a kind and period (answered with the stored report
// and its download URL), list, read, download and delete. Same services as the pages; a period
// without data answers 422 with code `no_data`.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from '../api/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import { pdfResponse, reportsCtx } from './route-ctx.ts'
import { reportInputSchema } from './reports.schema.ts'
import {
  generateReport,
  getReport,
  listReports,
  removeReport,
  reportPdf,
  type ReportsDeps,
} from './reports.service.ts'
import { REPORT_KINDS } from './reports.types.ts'

const reportOut = z.object({
  id: z.string(),
  kind: z.enum(REPORT_KINDS),
  title: z.string(),
  fromDay: z.string().describe("first day, in the tenant's time zone"),
  toDay: z.string().describe('last day (included)'),
  periodFrom: z.number().int().describe('epoch ms'),
  periodTo: z.number().int().describe('epoch ms, exclusive'),
  deviceCount: z.number().int(),
  pages: z.number().int(),
  bytes: z.number().int(),
  scheduled: z.boolean(),
  createdBy: z.string(),
  createdAt: z.number().int(),
  emailedTo: z.string().nullable(),
  emailError: z.string().nullable().describe('why the e-mail was not sent'),
  downloadUrl: z.string().describe('GET it for the PDF'),
})
const one = z.object({ report: reportOut })

export function reportsApi(
  api: ApiRouter,
  deps: ReportsDeps,
  metrics: () => MetricsBackend | undefined,
): void {
  const tag = 'Reports'
  const ctx = (c: Context<TenantEnv>) => reportsCtx(c, deps, metrics())
  const id = (c: Context<TenantEnv>) => c.req.param('reportId') ?? ''
  api.tenantRoute(
    {
      method: 'get',
      path: '/reports',
      tag,
      role: 'viewer',
      summary: 'Stored reports, newest first',
      responses: { 200: z.object({ reports: z.array(reportOut) }) },
    },
    async (c) => c.json({ reports: (await listReports(ctx(c))).reports }),
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/reports',
      tag,
      role: 'operator',
      summary: 'Generate a PDF report for a period of days (optionally e-mailed through a channel)',
      body: reportInputSchema,
      responses: { 201: one },
    },
    async (c) =>
      c.json({ report: await generateReport(ctx(c), await readJson(c, reportInputSchema)) }, 201),
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/reports/:reportId',
      tag,
      role: 'viewer',
      summary: 'Read a stored report',
      responses: { 200: one },
    },
    async (c) => c.json({ report: await getReport(ctx(c), id(c)) }),
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/reports/:reportId/pdf',
      tag,
      role: 'viewer',
      summary: 'Download the PDF',
      responses: { 200: 'pdf' },
    },
    async (c) => pdfResponse(await reportPdf(ctx(c), id(c))),
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/reports/:reportId',
      tag,
      role: 'operator',
      summary: 'Delete a stored report',
      responses: { 204: null },
    },
    async (c) => {
      await removeReport(ctx(c), id(c))
      return c.body(null, 204)
    },
  )
}
