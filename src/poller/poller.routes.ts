import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../http/env.ts'
import { requireRole, requireTenant } from '../http/middleware/require-role.ts'
import type { EventBus } from './event-bus.ts'
import { subscribeTenantFeed, type LiveMessage } from './live-feed.ts'

const HEARTBEAT_MS = 15_000

/**
 * GET /live: Server-Sent Events for the active tenant (status changes, device events, coalesced
 * poll notices), so the dashboard, device table and device page update within ~1 s without a
 * reload. Scoped to the session's active tenant; viewers may listen.
 */
/**
 * A stream is authorised once, when it opens: ending it after this long makes the browser's
 * EventSource reconnect through the session middleware, so a user who was signed out, disabled
 * or removed from the tenant stops receiving its events within this bound.
 */
export const MAX_STREAM_MS = 5 * 60_000

export function pollerRoutes(bus: EventBus | undefined, opts: { maxStreamMs?: number } = {}): Hono<AppEnv> {
  const maxStreamMs = opts.maxStreamMs ?? MAX_STREAM_MS
  const app = new Hono<AppEnv>()
  app.get('/live', requireRole('viewer'), requireTenant(), (c) => {
    const tenantId = c.var.session?.activeTenantId
    if (!tenantId) throw new Error('requireTenant() must run before this handler')
    return streamSSE(c, async (stream) => {
      const queue: LiveMessage[] = []
      let wake: (() => void) | undefined
      const off = bus
        ? subscribeTenantFeed(bus, tenantId, (m) => {
            queue.push(m)
            wake?.()
          })
        : () => {}
      let expired = false
      const cap = setTimeout(() => {
        expired = true
        wake?.()
      }, maxStreamMs)
      stream.onAbort(() => {
        off()
        clearTimeout(cap)
        wake?.()
      })
      await stream.writeSSE({ event: 'hello', data: '{}' })
      while (!stream.aborted && !expired) {
        const m = queue.shift()
        if (m !== undefined) {
          await stream.writeSSE(m)
          continue
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, HEARTBEAT_MS)
          wake = () => {
            clearTimeout(t)
            wake = undefined
            resolve()
          }
        })
        if (queue.length === 0 && !stream.aborted && !expired) await stream.write(': keep-alive\n\n')
      }
      clearTimeout(cap)
      off()
    })
  })
  return app
}
