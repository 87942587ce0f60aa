import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../http/env.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { sessionStillHolds } from '../http/middleware/session.ts'
import { familyActiveTenant, loadSession } from '../auth/index.ts'
import type { TokenFamilyId } from '../lib/ids.ts'
import type { EventBus } from '../poller/index.ts'
import { subscribeTenantFeed, type LiveMessage } from './live-feed.ts'
import type { ClusterLive } from './live-sources.ts'

const HEARTBEAT_MS = 15_000
/** An idle stream checks its session this often; a stream with events checks before each batch. */
export const REVALIDATE_MS = 5_000

/**
 * A stream outlives the request that opened it, so it is authorised again before each batch of
 * events and at least every REVALIDATE_MS: after logout, a password change, a disabled account,
 * removal from the tenant or a role change it ends at once, without sending the batch. The
 * browser's EventSource then reconnects through the session middleware. The lifetime cap bounds
 * what a stream that never checks (a bug) could leak.
 */
export const MAX_STREAM_MS = 5 * 60_000

/**
 * GET /live: Server-Sent Events for the active tenant (status changes, device events, coalesced
 * poll notices), so the dashboard, device table and device page update within ~1 s without a
 * reload. Scoped to the session's active tenant; viewers may listen.
 */
export function liveRoutes(
  bus: EventBus | undefined,
  opts: { maxStreamMs?: number } = {},
  cluster?: ClusterLive,
): Hono<AppEnv> {
  const maxStreamMs = opts.maxStreamMs ?? MAX_STREAM_MS
  const app = new Hono<AppEnv>()
  app.get('/live', requireTenantRole('viewer'), (c) => {
    const session = c.var.session
    const tenantId = session.activeTenantId
    const deps = c.var.deps
    // another tab switched the session's tenant (issue 15): this page's stream says so and ends;
    // assets/live.js then stops instead of reconnecting into the other tenant
    const switchedTo = async () => {
      if (!session.familyId) return undefined
      const familyId = session.familyId as TokenFamilyId
      // the tenant a request of this session would act in now: the family's last choice, or
      // the first membership when it never chose (the same rule as the session middleware)
      const hint = await familyActiveTenant(deps.db, familyId)
      const now = await loadSession(deps, { userId: session.userId, familyId, tenantHint: hint })
      if (!now || now.activeTenantId === tenantId) return undefined
      return { to: now.activeTenantId }
    }
    return streamSSE(c, async (stream) => {
      const stillAllowed = async () => {
        const switched = await switchedTo()
        if (switched) {
          // assets/live.js stops and asks once more with the page's tenant: that answer (409)
          // says what happened, rendered where every other refusal is (src/http/stale-tenant.tsx)
          await stream.writeSSE({
            event: 'tenant',
            data: JSON.stringify({ activeTenantId: switched.to }),
          })
          return false
        }
        return sessionStillHolds(deps, session, tenantId)
      }
      const queue: LiveMessage[] = []
      let wake: (() => void) | undefined
      const push = (m: LiveMessage) => {
        queue.push(m)
        wake?.()
      }
      // several pollers (issue 20): events of devices polled by the other processes too, and a
      // `resync` (assets/live.js re-reads everything) when some of those may have been lost
      const buses = [bus, cluster?.remote].filter((b) => b !== undefined)
      const offFeed = buses.length > 0 ? subscribeTenantFeed(buses, tenantId, push) : () => {}
      const offResync = cluster?.onResync(() => push({ event: 'resync', data: '{}' }))
      const off = () => {
        offFeed()
        offResync?.()
      }
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
      let lastWrite = Date.now()
      const open = () => !stream.aborted && !expired
      while (open()) {
        if (queue.length > 0) {
          if (!(await stillAllowed())) break
          for (let m = queue.shift(); m !== undefined && open(); m = queue.shift()) {
            await stream.writeSSE(m)
          }
          lastWrite = Date.now()
          continue
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, REVALIDATE_MS)
          wake = () => {
            clearTimeout(t)
            wake = undefined
            resolve()
          }
        })
        wake = undefined
        if (queue.length > 0 || !open()) continue
        if (!(await stillAllowed())) break
        if (Date.now() - lastWrite >= HEARTBEAT_MS) {
          await stream.write(': keep-alive\n\n')
          lastWrite = Date.now()
        }
      }
      clearTimeout(cap)
      off()
    })
  })
  return app
}
