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
export function pollerRoutes(bus: EventBus | undefined): Hono<AppEnv> {
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
      stream.onAbort(() => {
        off()
        wake?.()
      })
      await stream.writeSSE({ event: 'hello', data: '{}' })
      while (!stream.aborted) {
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
        if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n')
      }
      off()
    })
  })
  return app
}
