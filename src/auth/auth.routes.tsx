// Sign-in, sign-out and the tenant switch.
import { Hono, type Context } from 'hono'
import { LoginPage } from '../../views/auth/login-page.tsx'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv } from '../http/env.ts'
import { NotFoundError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { field, readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireSignedIn } from '../http/middleware/require-role.ts'
import { safeLocalPath, sectionOf } from '../http/safe-path.ts'
import { clearSessionCookies, setAccessCookie, setSessionCookies } from '../http/session-cookies.ts'
import { hashProfile } from './hash-profile.ts'
import { login, LOGIN_FAILED_MESSAGE } from './login.ts'
import { dummyHash } from './password-hash.ts'
import { LoginRateLimit } from './login-rate-limit.ts'
import { AccountThrottle } from './account-throttle.ts'
import { logout } from './logout.ts'
import { loginSchema } from './password-policy.ts'
import { switchTenant } from './switch-tenant.ts'
import { startSecondStep } from './second-factor-login.routes.tsx'
import type { Deps } from '../deps.ts'

export const RATE_LIMITED_MESSAGE =
  'Too many failed sign-ins from your address. Wait a minute, then try again.'

const accountThrottledMessage = (seconds: number) =>
  `Too many failed sign-ins for this user name. Wait ${seconds} s, then try again.`

const meta = (c: Context) => ({ ip: clientIp(c), userAgent: userAgent(c) })

type LoginProps = Omit<Parameters<typeof LoginPage>[0], 'csrfToken'>

function renderLogin(c: Context<AppEnv>, status: 200 | 401 | 422 | 429, props: LoginProps) {
  c.status(status)
  const page = <LoginPage csrfToken={c.var.csrfToken} {...props} />
  return c.render(page, { title: 'Sign in', shell: 'auth' })
}

export function authRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const limiter = new LoginRateLimit(deps.clock)
  const accounts = new AccountThrottle(deps.clock)
  // Compute the dummy hash now, so the first failed sign-in with an unknown name is not the one
  // attempt that takes longer (and tells an observer that the name does not exist).
  dummyHash(hashProfile(deps)).catch((err: unknown) => deps.log.error({ err }, 'dummy hash failed'))

  app.get('/login', (c) => {
    if (c.var.session) return c.redirect('/', 303)
    return renderLogin(c, 200, { next: safeLocalPath(c.req.query('next'), '') || undefined })
  })

  app.post('/login', async (c) => {
    const address = clientIp(c) ?? 'unknown'
    const values = await readForm(c)
    const username = field(values, 'username').trim()
    const next = safeLocalPath(field(values, 'next'), '') || undefined
    if (limiter.isLimited(address)) {
      c.header('Retry-After', String(limiter.retryAfterSeconds(address)))
      return renderLogin(c, 429, { username, next, error: RATE_LIMITED_MESSAGE })
    }
    const form = validateForm(loginSchema, values)
    if (!form.ok) return renderLogin(c, 422, { username, next, fields: form.fields })
    const input = { username, password: form.data.password, meta: meta(c) }
    const result = await login(deps, input, accounts)
    if (!result.ok && result.retryAfterSeconds !== undefined) {
      c.header('Retry-After', String(result.retryAfterSeconds))
      const error = accountThrottledMessage(result.retryAfterSeconds)
      return renderLogin(c, 429, { username, next, error })
    }
    if (!result.ok) {
      // only failures count against the address: a shared office address signs in freely
      limiter.recordFailure(address)
      return renderLogin(c, 401, { username, next, error: LOGIN_FAILED_MESSAGE })
    }
    if (result.ok === 'second_factor') return startSecondStep(c, deps, result.user.id, next)
    setSessionCookies(c, result.tokens, deps.clock.now())
    const target = result.user.must_change_password === 1 ? '/account/password' : (next ?? '/')
    return c.redirect(target, 303)
  })

  app.post('/logout', async (c) => {
    if (c.var.session?.via === 'cookie') await logout(deps, c.var.session, meta(c))
    clearSessionCookies(c)
    setFlash(c, { kind: 'info', message: 'You are signed out.' })
    return redirectTo(c, '/login')
  })

  app.post('/session/tenant', requireSignedIn(), async (c) => {
    const session = c.var.session
    const values = await readForm(c)
    if (session.via !== 'cookie') throw new NotFoundError()
    const result = await switchTenant(deps, session, field(values, 'tenantId'), meta(c))
    if (!result.ok) throw new NotFoundError('No such tenant.')
    setAccessCookie(c, result.access, result.accessExpiresAt, deps.clock.now())
    setFlash(c, { kind: 'success', message: `Switched to ${result.tenantName}.` })
    return redirectTo(c, sectionOf(field(values, 'returnTo')))
  })

  return app
}
