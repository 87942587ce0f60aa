import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { redirectTo } from '../htmx.ts'
import { isApiPath } from './require-role.ts'

export const SECURITY_PAGE = '/account/security'
/** What a user who must enrol can still reach: the enrolment itself, sign-out, the password form. */
const ALLOWED =
  /^\/(account\/security(\/|$)|account\/password$|logout$|login(\/|$)|health(\/|$)|api\/v1\/me\/security(\/|$))/

/**
 * Where the tenant or the appliance requires a second factor (issue 17), a signed-in user
 * without one is sent to set it up before anything else (htmx gets HX-Redirect, the API a 403).
 */
export function forceSecondFactor(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = c.var.session
    if (
      !s?.mustEnrolSecondFactor ||
      s.via !== 'cookie' ||
      s.mustChangePassword ||
      ALLOWED.test(c.req.path)
    )
      return next()
    if (isApiPath(c.req.path)) {
      const error = {
        code: 'second_factor_required',
        message: 'Set up two-step verification first (Account › Security).',
      }
      return c.json({ error }, 403)
    }
    return redirectTo(c, SECURITY_PAGE)
  }
}
