import type { MiddlewareHandler } from 'hono'
import type { Deps } from '../../deps.ts'
import type { AppEnv } from '../env.ts'

/** Makes the process-wide dependencies available as c.var.deps. */
export function provideDeps(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('deps', deps)
    await next()
  }
}
