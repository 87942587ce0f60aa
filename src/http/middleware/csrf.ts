import { createHmac, randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { csrf as originCheck } from 'hono/csrf'
import { timingSafeEqual } from '../../lib/crypto.ts'
import type { AppEnv } from '../env.ts'
import { ForbiddenError } from '../errors.ts'
import { readBody } from '../forms.ts'
import { secureCookies } from '../is-https.ts'
import { pageToken, splitPageToken } from '../page-tenant.ts'

/** Random per-browser seed that binds the token before sign-in (the login form). */
export const CSRF_SEED_COOKIE = 'outpost_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'
export const CSRF_FIELD = '_csrf'
const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/
const NO_SEED = /^\/(api|health)(\/|$)/
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i

/** token = HMAC(token key, binding): nothing to store, and it changes with the session family. */
export function csrfTokenFor(key: Buffer, binding: string): string {
  return createHmac('sha256', key).update(`csrf:${binding}`).digest('base64url')
}

/**
 * Accept an Origin whose host is ours: behind a TLS-terminating proxy the request URL says http
 * while the browser's Origin says https, and the host is what an attacker cannot fake.
 */
function sameHost(origin: string, c: Context): boolean {
  try {
    return new URL(origin).host === new URL(c.req.url).host
  } catch {
    return false
  }
}

/**
 * The strict check for requests that carry a session (and for the login form): an Origin header
 * must name our host whatever the content type (Hono's check looks at form types only, so JSON
 * and others passed with any Origin); `null` (sandboxed frames, data: URLs) never does. A browser
 * that sends no Origin must at least say Sec-Fetch-Site: same-origin.
 */
function sameHostRequest(c: Context): boolean {
  const origin = c.req.header('Origin')
  if (origin !== undefined) return sameHost(origin, c)
  return c.req.header('Sec-Fetch-Site') === 'same-origin'
}

function binding(c: Context<AppEnv>): string {
  const session = c.var.session
  if (session?.via === 'cookie' && session.familyId) return `family:${session.familyId}`
  // Machines (monitors, API clients) get no seed cookie: they never render a form.
  if (NO_SEED.test(c.req.path)) return 'none'
  let seed = getCookie(c, CSRF_SEED_COOKIE)
  if (!seed || !/^[A-Za-z0-9_-]{20,64}$/.test(seed)) {
    seed = randomBytes(18).toString('base64url')
    setCookie(c, CSRF_SEED_COOKIE, seed, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: secureCookies(c),
    })
  }
  return `seed:${seed}`
}

async function submittedToken(c: Context): Promise<string> {
  const header = c.req.header(CSRF_HEADER)
  if (header) return header
  if (!FORM_TYPE.test(c.req.header('Content-Type') ?? '')) return ''
  const body = await readBody(c)
  const value = body[CSRF_FIELD]
  return typeof value === 'string' ? value : ''
}

/**
 * Two independent checks on every state-changing request: the Origin (same host, for every
 * content type, whenever the request carries a session; Hono's csrf() for other anonymous
 * requests) and a per-session token in `_csrf` or `X-CSRF-Token`.
 * Requests authenticated by an API key carry no ambient credentials and skip both. Without any
 * session a forged request has no authority to borrow, so the token is required only with a
 * session and on `tokenPaths` (the login form, against login CSRF); other anonymous requests
 * then get the ordinary sign-in redirect from requireRole.
 */
export function csrfProtection(tokenPaths: string[] = ['/login']): MiddlewareHandler<AppEnv> {
  const checkOrigin = originCheck({ origin: sameHost })
  return async (c, next) => {
    const token = csrfTokenFor(c.var.deps.secrets.tokenKey, binding(c))
    // pages carry the tenant they show with the token (src/http/page-tenant.ts, issue 15)
    c.set('csrfToken', pageToken(token, c.var.session?.activeTenantId ?? null))
    if (SAFE_METHOD.test(c.req.method) || c.var.session?.via === 'api_key') return next()
    const needsToken = c.var.session !== undefined || tokenPaths.includes(c.req.path)
    const message = 'This request did not come from an Outpost page. Reload and try again.'
    if (needsToken && !sameHostRequest(c)) throw new ForbiddenError(message)
    try {
      await checkOrigin(c, async () => {})
    } catch {
      throw new ForbiddenError(message)
    }
    const submitted = splitPageToken(await submittedToken(c)).csrf
    if (needsToken && !timingSafeEqual(submitted, token)) {
      throw new ForbiddenError('Your form has expired. Reload the page and try again.')
    }
    return next()
  }
}
