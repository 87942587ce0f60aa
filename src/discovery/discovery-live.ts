// GET /discovery/live: Server-Sent Events when a scan of the active tenant moved, so the page's
// panel refreshes itself (assets/live.js, the `job` event like the jobs pages); one coalesced
// notice a second at most.
import type { Context } from 'hono'
import type { TenantEnv } from '../http/env.ts'
import { noticeStream } from '../http/notice-stream.ts'
import type { ScanRunner } from './scan-runner.ts'

export function discoveryLive(c: Context<TenantEnv>, runner: ScanRunner): Response {
  const tenantId = c.var.session.activeTenantId
  return noticeStream(c, {
    subscribe: (notify) =>
      runner.subscribe((e) => {
        if (e.tenantId === tenantId) notify()
      }),
    event: 'job',
    data: '{}',
    minGapMs: 1000,
  })
}
