// GET/POST /login/code: the second step of sign-in. The password step hands over a signed
// ticket cookie (startSecondStep); the code is throttled per address (LoginRateLimit, as the
// password form) and per account (AccountThrottle), and spends the ticket on success.
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { SecondFactorPage } from '../../views/auth/second-factor-page.tsx'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { field, readForm } from '../http/forms.ts'
import { secureCookies } from '../http/is-https.ts'
import { safeLocalPath } from '../http/safe-path.ts'
import { setSessionCookies } from '../http/session-cookies.ts'
import type { UserId } from '../lib/ids.ts'
import { AccountThrottle } from './account-throttle.ts'
import { LoginRateLimit } from './login-rate-limit.ts'
import { PENDING_TTL_MS, signPendingSignIn, verifyPendingSignIn } from './pending-sign-in.ts'
import { secondStepMethods } from './passkey.service.ts'
import { completeSecondFactor } from './second-factor-login.ts'

export const PENDING_COOKIE = 'outpost_2fa'
const CODE_PAGE = '/login/code'
const RATE_LIMITED = 'Too many wrong codes from your address. Wait a minute, then try again.'

const cookieOptions = (c: Context) => ({
  path: '/login',
  httpOnly: true,
  secure: secureCookies(c),
  sameSite: 'Strict' as const,
})

/** After a right password for a user with a second factor: hand over the ticket, ask for the code. */
export function startSecondStep(
  c: Context<AppEnv>,
  deps: Deps,
  userId: UserId,
  next: string | undefined,
): Response {
  const ticket = signPendingSignIn(deps.secrets.tokenKey, userId, deps.clock.now())
  setCookie(c, PENDING_COOKIE, ticket, { ...cookieOptions(c), maxAge: PENDING_TTL_MS / 1000 })
  return c.redirect(next ? `${CODE_PAGE}?next=${encodeURIComponent(next)}` : CODE_PAGE, 303)
}

async function render(
  c: Context<AppEnv>,
  deps: Deps,
  userId: UserId,
  status: 200 | 401 | 429,
  next: string | undefined,
  error?: string,
) {
  c.status(status)
  const methods = await secondStepMethods(deps, userId)
  const page = (
    <SecondFactorPage csrfToken={c.var.csrfToken} next={next} error={error} methods={methods} />
  )
  return c.render(page, {
    title: 'Two-step verification',
    shell: 'auth',
  })
}

export function secondFactorLoginRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const limiter = new LoginRateLimit(deps.clock)
  const accounts = new AccountThrottle(deps.clock)
  const pending = (c: Context) =>
    verifyPendingSignIn(deps.secrets.tokenKey, getCookie(c, PENDING_COOKIE), deps.clock.now())
  const expired = (c: Context<AppEnv>) => {
    deleteCookie(c, PENDING_COOKIE, cookieOptions(c))
    setFlash(c, { kind: 'info', message: 'The sign-in took too long. Sign in again.' })
    return c.redirect('/login', 303)
  }

  app.get(CODE_PAGE, (c) => {
    const ticket = pending(c)
    if (!ticket) return expired(c)
    return render(c, deps, ticket.userId, 200, safeLocalPath(c.req.query('next'), '') || undefined)
  })

  app.post(CODE_PAGE, async (c) => {
    const ticket = pending(c)
    if (!ticket) return expired(c)
    const values = await readForm(c)
    const next = safeLocalPath(field(values, 'next'), '') || undefined
    const address = clientIp(c) ?? 'unknown'
    if (limiter.isLimited(address)) {
      c.header('Retry-After', String(limiter.retryAfterSeconds(address)))
      return render(c, deps, ticket.userId, 429, next, RATE_LIMITED)
    }
    const meta = { ip: clientIp(c), userAgent: userAgent(c) }
    const result = await completeSecondFactor(
      deps,
      { userId: ticket.userId, code: field(values, 'code').slice(0, 32), meta },
      accounts,
    )
    if (!result.ok && result.expired) return expired(c)
    if (!result.ok && result.retryAfterSeconds !== undefined) {
      c.header('Retry-After', String(result.retryAfterSeconds))
      return render(c, deps, ticket.userId, 429, next, result.message)
    }
    if (!result.ok) {
      limiter.recordFailure(address)
      return render(c, deps, ticket.userId, 401, next, result.message)
    }
    deleteCookie(c, PENDING_COOKIE, cookieOptions(c))
    setSessionCookies(c, result.tokens, deps.clock.now())
    if (result.method === 'recovery_code') {
      const left = result.recoveryCodesLeft
      setFlash(c, {
        kind: left <= 2 ? 'error' : 'info',
        message: `Signed in with a recovery code; ${left} left. Make new ones under Account › Security.`,
      })
    }
    const target = result.user.must_change_password === 1 ? '/account/password' : (next ?? '/')
    return c.redirect(target, 303)
  })
  return app
}
