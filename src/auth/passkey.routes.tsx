// Passkeys (issue 19). The ceremonies are JSON (assets/passkeys.js calls navigator.credentials
// and posts the answer): registration under Account › Security, sign-in with a passkey alone at
// /login/passkey, and the passkey as second step at /login/code/passkey (with the pending ticket
// of the password step). Rename, remove and recovery codes are plain forms.
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie } from 'hono/cookie'
import { z } from 'zod'
import { RecoveryCodesPage } from '../../views/account/recovery-codes-page.tsx'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv, SessionEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { field, readForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { isHttps } from '../http/is-https.ts'
import { requireSignedIn } from '../http/middleware/require-role.ts'
import { sessionOf } from '../http/request-actor.ts'
import { safeLocalPath } from '../http/safe-path.ts'
import { setSessionCookies } from '../http/session-cookies.ts'
import { AppError } from '../lib/errors.ts'
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import { AccountThrottle } from './account-throttle.ts'
import { LoginRateLimit } from './login-rate-limit.ts'
import { authenticationResponseSchema, registrationResponseSchema } from './passkey-ceremony.ts'
import {
  completePasskeySecondFactor,
  secondStepOptions,
  signInOptions,
  signInWithPasskey,
  tooManyOpenChallenges,
} from './passkey-login.ts'
import { configuredPublicUrl, resolveRelyingParty, type RelyingParty } from './passkey-origin.ts'
import {
  beginRegistration,
  cleanPasskeyName,
  finishRegistration,
  makePasskeyRecoveryCodes,
  removeOwnPasskey,
  renameOwnPasskey,
} from './passkey.service.ts'
import { verifyPendingSignIn } from './pending-sign-in.ts'
import { PENDING_COOKIE } from './second-factor-login.routes.tsx'
import { secondFactorUserOf } from './second-factor.service.ts'

const SECURITY_PAGE = '/account/security'
const BASE = `${SECURITY_PAGE}/passkeys`
const RATE_LIMITED = 'Too many failed sign-ins from your address. Wait a minute, then try again.'

const registerBody = z.object({ name: z.unknown(), response: registrationResponseSchema })
const assertionBody = z.object({
  response: authenticationResponseSchema,
  next: z.string().max(2000).optional(),
})

const meta = (c: Context) => ({ ip: clientIp(c), userAgent: userAgent(c) })
const fail = (c: Context, status: 400 | 401 | 403 | 409 | 422 | 429 | 503, message: string) =>
  c.json({ error: message }, status)

async function relyingParty(c: Context, deps: Deps): Promise<RelyingParty | Response> {
  const place = { url: c.req.url, https: isHttps(c), origin: c.req.header('Origin') }
  const r = resolveRelyingParty(await configuredPublicUrl(deps), place)
  return r.ok ? r.rp : fail(c, 403, r.message)
}

async function jsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T | undefined> {
  const raw: unknown = await c.req.json().catch(() => undefined)
  const parsed = schema.safeParse(raw)
  return parsed.success ? parsed.data : undefined
}

const BAD_BODY = 'The passkey answer could not be read. Reload the page and try again.'

function accountUser<E extends SessionEnv>(c: Context<E>) {
  return secondFactorUserOf(sessionOf(c), meta(c))
}

/** Form actions answer with a flash and the security page (an unknown id too: no error page). */
async function flashing(c: Context, fn: () => Promise<string>): Promise<Response> {
  try {
    setFlash(c, { kind: 'success', message: await fn() })
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err
    const fields = 'fields' in err ? Object.values(err.fields as Record<string, string>) : []
    setFlash(c, { kind: 'error', message: fields[0] ?? err.message })
  }
  return redirectTo(c, SECURITY_PAGE)
}

function accountRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const signedIn = requireSignedIn()

  app.post(`${BASE}/options`, signedIn, async (c) => {
    const rp = await relyingParty(c, deps)
    if (rp instanceof Response) return rp
    return c.json({ options: await beginRegistration(deps, accountUser(c), rp) })
  })

  app.post(BASE, signedIn, async (c) => {
    const rp = await relyingParty(c, deps)
    if (rp instanceof Response) return rp
    const body = await jsonBody(c, registerBody)
    if (!body) return fail(c, 400, BAD_BODY)
    try {
      const name = cleanPasskeyName(body.name)
      const response = body.response as unknown as RegistrationResponseJSON
      await finishRegistration(deps, accountUser(c), rp, { name, response })
      setFlash(c, {
        kind: 'success',
        message: `Passkey “${name}” added. You can sign in with it now.`,
      })
      return c.json({ redirect: SECURITY_PAGE })
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      const fields = 'fields' in err ? Object.values(err.fields as Record<string, string>) : []
      return fail(c, 422, fields[0] ?? err.message)
    }
  })

  app.post(`${BASE}/recovery-codes`, signedIn, async (c) => {
    const password = field(await readForm(c), 'password').slice(0, 1024)
    try {
      const { recoveryCodes } = await makePasskeyRecoveryCodes(deps, accountUser(c), password)
      c.header('Cache-Control', 'no-store')
      return c.render(<RecoveryCodesPage codes={recoveryCodes} enrolled={false} />, {
        title: 'Recovery codes',
      })
    } catch (err) {
      return flashing(c, () => Promise.reject(err))
    }
  })

  // the passkey's id is a form field, not in the path: another user's id gets the same answer
  // as an unknown one, and nothing changes
  app.post(`${BASE}/rename`, signedIn, async (c) => {
    const form = await readForm(c)
    return flashing(c, async () => {
      const clean = cleanPasskeyName(field(form, 'name'))
      await renameOwnPasskey(deps, accountUser(c), field(form, 'id'), clean)
      return `Passkey renamed to “${clean}”.`
    })
  })

  app.post(`${BASE}/remove`, signedIn, async (c) => {
    const form = await readForm(c)
    return flashing(c, async () => {
      const name = await removeOwnPasskey(deps, accountUser(c), field(form, 'id'))
      return `Passkey “${name}” removed. It no longer signs you in.`
    })
  })
}

function loginRoutes(app: Hono<AppEnv>, deps: Deps): void {
  const limiter = new LoginRateLimit(deps.clock)
  const accounts = new AccountThrottle(deps.clock)
  const pending = (c: Context) =>
    verifyPendingSignIn(deps.secrets.tokenKey, getCookie(c, PENDING_COOKIE), deps.clock.now())
  const gate = async (c: Context<AppEnv>): Promise<RelyingParty | Response> => {
    const address = clientIp(c) ?? 'unknown'
    if (limiter.isLimited(address)) {
      c.header('Retry-After', String(limiter.retryAfterSeconds(address)))
      return fail(c, 429, RATE_LIMITED)
    }
    if (await tooManyOpenChallenges(deps))
      return fail(c, 503, 'Too many sign-ins are in progress. Wait a minute, then try again.')
    return relyingParty(c, deps)
  }
  const signedIn = (
    c: Context<AppEnv>,
    user: { must_change_password: number },
    next: string | undefined,
  ) => {
    const target =
      user.must_change_password === 1 ? '/account/password' : safeLocalPath(next, '') || '/'
    return c.json({ redirect: target })
  }

  app.post('/login/passkey/options', async (c) => {
    const rp = await gate(c)
    if (rp instanceof Response) return rp
    return c.json({ options: await signInOptions(deps, rp) })
  })

  app.post('/login/passkey', async (c) => {
    const rp = await gate(c)
    if (rp instanceof Response) return rp
    const body = await jsonBody(c, assertionBody)
    if (!body) return fail(c, 400, BAD_BODY)
    const response = body.response as unknown as AuthenticationResponseJSON
    const result = await signInWithPasskey(deps, { rp, response, meta: meta(c) })
    if (!result.ok) {
      limiter.recordFailure(clientIp(c) ?? 'unknown')
      return fail(c, 401, result.message)
    }
    setSessionCookies(c, result.tokens, deps.clock.now())
    return signedIn(c, result.user, body.next)
  })

  app.post('/login/code/passkey/options', async (c) => {
    const ticket = pending(c)
    if (!ticket) return fail(c, 401, 'The sign-in took too long. Sign in again.')
    const rp = await gate(c)
    if (rp instanceof Response) return rp
    const options = await secondStepOptions(deps, rp, ticket.userId)
    if (!options) return fail(c, 409, 'This account has no passkey. Type a code instead.')
    return c.json({ options })
  })

  app.post('/login/code/passkey', async (c) => {
    const ticket = pending(c)
    if (!ticket) return fail(c, 401, 'The sign-in took too long. Sign in again.')
    const rp = await gate(c)
    if (rp instanceof Response) return rp
    const body = await jsonBody(c, assertionBody)
    if (!body) return fail(c, 400, BAD_BODY)
    const response = body.response as unknown as AuthenticationResponseJSON
    const input = { userId: ticket.userId, rp, response, meta: meta(c) }
    const result = await completePasskeySecondFactor(deps, input, accounts)
    if (!result.ok) {
      if (result.retryAfterSeconds !== undefined) {
        c.header('Retry-After', String(result.retryAfterSeconds))
        return fail(c, 429, result.message)
      }
      if (!result.expired) limiter.recordFailure(clientIp(c) ?? 'unknown')
      return fail(c, 401, result.message)
    }
    deleteCookie(c, PENDING_COOKIE, { path: '/login' })
    setSessionCookies(c, result.tokens, deps.clock.now())
    return signedIn(c, result.user, body.next)
  })
}

export function passkeyRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  accountRoutes(app, deps)
  loginRoutes(app, deps)
  return app
}
