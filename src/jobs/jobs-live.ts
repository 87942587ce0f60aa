// GET /jobs/live: Server-Sent Events of the runner for the active tenant (one job, or all), so
// the Jobs list and the job page refresh themselves (assets/live.js). Re-authorised like /live.
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { TenantEnv } from '../http/env.ts'
import { sessionStillHolds } from '../http/middleware/session.ts'
import type { JobEvent } from './jobs.types.ts'
import type { JobRunner } from './runner.ts'

const CHECK_MS = 5_000
const MAX_STREAM_MS = 5 * 60_000

export function jobsLive(c: Context<TenantEnv>, runner: JobRunner): Response {
  const session = c.var.session
  const tenantId = session.activeTenantId
  const only = c.req.query('job')
  const deps = c.var.deps
  return streamSSE(c, async (stream) => {
    let pending = false
    let wake: (() => void) | undefined
    const off = runner.subscribe((e: JobEvent) => {
      if (e.tenantId !== tenantId || (only !== undefined && e.jobId !== only)) return
      pending = true
      wake?.()
    })
    const t0 = Date.now()
    stream.onAbort(() => wake?.())
    await stream.writeSSE({ event: 'hello', data: '{}' })
    while (!stream.aborted && Date.now() - t0 < MAX_STREAM_MS) {
      if (!pending) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, CHECK_MS)
          wake = () => {
            clearTimeout(t)
            resolve()
          }
        })
        wake = undefined
      }
      if (stream.aborted || !(await sessionStillHolds(deps, session, tenantId))) break
      if (!pending) {
        await stream.write(': keep-alive\n\n')
        continue
      }
      pending = false
      // one coalesced notice; the page fetches its fragment (at most once a second)
      await stream.writeSSE({ event: 'job', data: JSON.stringify({ deviceId: only ?? '' }) })
      await stream.sleep(500)
    }
    off()
  })
}
