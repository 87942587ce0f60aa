// The bridge from a request to the reports services: tenant scope, acting principal and the
// running poller's metrics store.
import type { Context } from 'hono'
import type { TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import type { ReportsCtx, ReportsDeps } from './reports.service.ts'

export function reportsCtx(
  c: Context<TenantEnv>,
  deps: ReportsDeps,
  metrics: MetricsBackend | undefined,
): ReportsCtx {
  const { kind, id, name, ip } = actorOf(c)
  return { deps, scope: c.var.scope, actor: { kind, id, name, ip }, metrics }
}

/** The PDF answer: downloaded, never sniffed or cached by a shared cache. */
export function pdfResponse(file: { filename: string; bytes: Uint8Array }): Response {
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
