// GET /discovery/live: Server-Sent Events when a scan of the active tenant moved, so the page's
// panel refreshes itself (assets/live.js, the `job` event like the jobs pages). Re-authorised
// every few seconds like /jobs/live; one coalesced notice a second at most.
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { TenantEnv } from '../http/env.ts'
import { sessionStillHolds } from '../http/middleware/session.ts'
import type { ScanRunner } from './scan-runner.ts'

const CHECK_MS = 5_000
const MAX_STREAM_MS = 5 * 60_000

export function discoveryLive(c: Context<TenantEnv>, runner: ScanRunner): Response {
  const session = c.var.session
  const tenantId = session.activeTenantId
  const deps = c.var.deps
  return streamSSE(c, async (stream) => {
    let pending = false
    let wake: (() => void) | undefined
    const off = runner.subscribe((e) => {
      if (e.tenantId !== tenantId) return
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
      await stream.writeSSE({ event: 'job', data: '{}' })
      await stream.sleep(1000)
    }
    off()
  })
}
