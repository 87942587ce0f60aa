import { Hono } from 'hono'
import type { LiveSources } from '../dashboard/index.ts'
import { forTenant } from '../db/tenant-scope.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { sha256Hex, timingSafeEqual } from '../lib/crypto.ts'
import { prometheusText } from './prometheus-text.ts'
import { collectPrometheus } from './prometheus.service.ts'

const TEXT = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * GET /metrics for Prometheus. Public route with its own check: `Authorization: Bearer <token>`
 * must match OUTPOST_METRICS_TOKEN. Without a configured token the endpoint is off (404 that says
 * how to turn it on), so a fresh appliance exposes nothing.
 */
export function prometheusRoutes(deps: Deps, live?: LiveSources): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/metrics', async (c) => {
    const token = deps.config.metricsToken
    if (token === undefined) {
      return c.text(
        'Prometheus metrics are off: set OUTPOST_METRICS_TOKEN to enable /metrics.\n',
        404,
      )
    }
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1]?.trim() ?? ''
    // compare digests: equal lengths, so neither the token nor its length leaks through timing
    if (!timingSafeEqual(sha256Hex(given), sha256Hex(token))) {
      c.header('WWW-Authenticate', 'Bearer realm="outpost-metrics"')
      return c.text('Unauthorized: send Authorization: Bearer <OUTPOST_METRICS_TOKEN>.\n', 401)
    }
    // one scope per tenant, built here: the scrape is appliance-wide by design (reviewed)
    const families = await collectPrometheus({
      db: deps.db,
      scopeOf: (id) => forTenant(deps.kysely, id),
      live,
      now: deps.clock.now(),
    })
    c.header('Cache-Control', 'no-store')
    return c.body(prometheusText(families), 200, { 'Content-Type': TEXT })
  })
  return app
}
