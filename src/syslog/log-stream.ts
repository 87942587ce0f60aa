// GET /devices/:deviceId/logs/stream: Server-Sent Events of one device's new syslog lines. Like
// /live, the stream is authorised again before each batch and every few seconds, and ends after a
// lifetime cap (the browser reconnects through the session middleware). A slow reader loses the
// oldest queued lines, never holds up the ingest.
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Deps } from '../deps.ts'
import type { TenantEnv } from '../http/env.ts'
import { sessionStillHolds } from '../http/middleware/session.ts'
import type { LogTail, TailLine } from './syslog-tail.ts'

const REVALIDATE_MS = 5_000
const MAX_STREAM_MS = 5 * 60_000
const QUEUE_MAX = 1_000

export function logStream(
  c: Context<TenantEnv>,
  deps: Deps,
  tail: LogTail,
  deviceId: string,
): Response {
  const session = c.var.session
  const tenantId = session.activeTenantId
  return streamSSE(c, async (stream) => {
    let queue: TailLine[] = []
    let wake: (() => void) | undefined
    const off = tail.subscribe(tenantId, deviceId, (lines) => {
      queue.push(...lines)
      if (queue.length > QUEUE_MAX) queue = queue.slice(-QUEUE_MAX)
      wake?.()
    })
    const endAt = Date.now() + MAX_STREAM_MS
    stream.onAbort(() => wake?.())
    await stream.writeSSE({ event: 'hello', data: '{}' })
    while (!stream.aborted && Date.now() < endAt) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, REVALIDATE_MS)
          wake = () => {
            clearTimeout(t)
            resolve()
          }
        })
        wake = undefined
      }
      if (!(await sessionStillHolds(deps, session, tenantId))) break
      if (queue.length === 0) {
        await stream.write(': keep-alive\n\n')
        continue
      }
      const batch = queue
      queue = []
      await stream.writeSSE({
        event: 'lines',
        data: JSON.stringify(
          batch.map((l) => ({ at: l.at, severity: l.severity, app: l.app, msg: l.msg })),
        ),
      })
    }
    off()
  })
}
