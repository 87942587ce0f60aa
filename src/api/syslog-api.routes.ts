// GET /api/v1/devices/{deviceId}/logs: a device's syslog lines, newest first, with full-text search
// (`q`), a severity floor, a time range and cursor paging. Same service as the Logs tab.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from './api-router.ts'
import type { TenantEnv } from '../http/env.ts'
import {
  logFilterFromQuery,
  logQuerySchema,
  searchDeviceLogs,
  SEVERITY_NAMES,
  syslogCtx,
  type SyslogCtx,
} from '../syslog/index.ts'

const lineOut = z.object({
  id: z.number().int(),
  at: z.number().int().describe('received, epoch milliseconds'),
  sentAt: z.number().int().nullable().describe("the device's own timestamp, when it sent one"),
  severity: z.enum(SEVERITY_NAMES),
  facility: z.number().int(),
  host: z.string(),
  app: z.string().describe('RouterOS topics, or the RFC 5424 APP-NAME / RFC 3164 tag'),
  message: z.string(),
})

export function syslogApi(api: ApiRouter, deps: SyslogCtx['deps']): void {
  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/logs',
      tag: 'Syslog',
      role: 'viewer',
      summary:
        "A device's syslog lines, newest first (q = words, all required; prefix*; severity = this or worse; from/to ISO times; before = next cursor)",
      query: logQuerySchema,
      responses: {
        200: z.object({
          lines: z.array(lineOut),
          next: z.string().nullable().describe('cursor of the next (older) page'),
        }),
      },
    },
    async (c: Context<TenantEnv>) => {
      const page = await searchDeviceLogs(
        syslogCtx(c, deps),
        c.req.param('deviceId') ?? '',
        logFilterFromQuery(c.req.query()),
      )
      return c.json({
        lines: page.lines.map((l) => ({
          id: l.id,
          at: l.at,
          sentAt: l.sentAt,
          severity: SEVERITY_NAMES[l.severity] ?? 'debug',
          facility: l.facility,
          host: l.host,
          app: l.app,
          message: l.msg,
        })),
        next: page.next ?? null,
      })
    },
  )
}
