import { randomBytes } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'

/** Accept a caller's id only when it is short and plain, so it is safe in logs and headers. */
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/

/** Gives every request an id (echoed as X-Request-Id) that error pages show and logs carry. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('X-Request-Id')
    const id = incoming && SAFE_ID.test(incoming) ? incoming : randomBytes(9).toString('base64url')
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
    c.res.headers.set('X-Request-Id', id)
  }
}
