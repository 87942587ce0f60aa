import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'

/** Quiet paths: polled by monitors and browsers, logged at debug only. */
const QUIET = /^\/(assets\/|health|favicon)/

/**
 * Creates the request's child logger (c.var.log, later enriched with userId/tenantId by the
 * session middleware) and writes one line per finished request.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    c.set('log', c.var.deps.log.child({ requestId: c.var.requestId }))
    await next()
    const line = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    }
    if (QUIET.test(c.req.path)) c.var.log.debug(line, 'request finished')
    else c.var.log.info(line, 'request finished')
  }
}
