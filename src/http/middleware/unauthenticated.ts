// The answer to a request without a session, shared by the role and tenant middleware (its own
// file so neither imports the other).
import type { Context } from 'hono'
import { hxRedirect, isHtmx } from '../htmx.ts'

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/')
}

/** Where a safe local `next` may point after sign-in (never another host, never //evil). */
export function loginUrl(c: Context): string {
  const url = new URL(c.req.url)
  const next = c.req.method === 'GET' && url.pathname !== '/' ? url.pathname + url.search : ''
  return next ? `/login?next=${encodeURIComponent(next)}` : '/login'
}

/** No session: pages redirect to /login, htmx gets 401 + HX-Redirect, the API gets 401 JSON. */
export function unauthenticated(c: Context): Response {
  if (isApiPath(c.req.path)) {
    return c.json({ error: { code: 'unauthorized', message: 'Sign in or send an API key.' } }, 401)
  }
  if (isHtmx(c)) {
    hxRedirect(c, loginUrl(c))
    return c.body(null, 401)
  }
  return c.redirect(loginUrl(c), 302)
}
