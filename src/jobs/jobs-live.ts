// GET /jobs/live: Server-Sent Events of the runner for the active tenant (one job, or all), so
// the Jobs list and the job page refresh themselves (assets/live.js): one coalesced notice, the
// page fetches its fragment (at most twice a second).
import type { Context } from 'hono'
import type { TenantEnv } from '../http/env.ts'
import { noticeStream } from '../http/notice-stream.ts'
import type { JobEvent } from './jobs.types.ts'
import type { JobRunner } from './runner.ts'

export function jobsLive(c: Context<TenantEnv>, runner: JobRunner): Response {
  const tenantId = c.var.session.activeTenantId
  const only = c.req.query('job')
  return noticeStream(c, {
    subscribe: (notify) =>
      runner.subscribe((e: JobEvent) => {
        if (e.tenantId === tenantId && (only === undefined || e.jobId === only)) notify()
      }),
    event: 'job',
    data: JSON.stringify({ deviceId: only ?? '' }),
    minGapMs: 500,
  })
}
