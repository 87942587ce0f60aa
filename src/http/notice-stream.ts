// Server-Sent Events that only say "something changed, fetch your fragment": changes arriving
// while one notice is pending coalesce into it, the stream is re-authorised every few seconds
// (the session may have ended or lost the tenant) and ends after five minutes (EventSource
// reconnects). Used by the jobs and discovery pages (assets/live.js listens for the event).
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { TenantEnv } from './env.ts'
import { sessionStillHolds } from './middleware/session.ts'

const CHECK_MS = 5_000
const MAX_STREAM_MS = 5 * 60_000

export interface NoticeStreamOptions {
  /** subscribes to the source; calls `notify` for each change the client cares about; returns the unsubscribe */
  subscribe(notify: () => void): () => void
  event: string
  data: string
  /** the least time between two notices */
  minGapMs: number
}

export function noticeStream(c: Context<TenantEnv>, o: NoticeStreamOptions): Response {
  const session = c.var.session
  const tenantId = session.activeTenantId
  const deps = c.var.deps
  return streamSSE(c, async (stream) => {
    let pending = false
    let wake: (() => void) | undefined
    const off = o.subscribe(() => {
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
      await stream.writeSSE({ event: o.event, data: o.data })
      await stream.sleep(o.minGapMs)
    }
    off()
  })
}
