import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { redirectTo } from '../htmx.ts'
import { isApiPath } from './require-role.ts'

export const PASSWORD_PAGE = '/account/password'
/** What a user who must change their password can still reach. */
const ALLOWED = new Set([PASSWORD_PAGE, '/logout', '/login'])

/**
 * A temporary or one-time password must be replaced before anything else: every other page
 * redirects to the password form (htmx gets HX-Redirect, the API a 403).
 */
export function forcePasswordChange(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = c.var.session
    if (!s?.mustChangePassword || s.via !== 'cookie' || ALLOWED.has(c.req.path)) return next()
    if (c.req.path.startsWith('/health')) return next()
    if (isApiPath(c.req.path)) {
      const error = { code: 'password_change_required', message: 'Change your password first.' }
      return c.json({ error }, 403)
    }
    return redirectTo(c, PASSWORD_PAGE)
  }
}
