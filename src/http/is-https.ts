import type { Context } from 'hono'
import type { Deps } from '../deps.ts'

function config(c: Context): Deps['config'] | undefined {
  return (c.get('deps') as Deps | undefined)?.config
}

/**
 * True when the browser reached us over TLS: the node server builds c.req.url from the socket;
 * behind a reverse proxy (OUTPOST_TRUST_PROXY) its X-Forwarded-Proto says so.
 */
export function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return config(c)?.trustProxy === true && c.req.header('X-Forwarded-Proto') === 'https'
}

/** Whether cookies get the Secure flag (OUTPOST_SECURE_COOKIES: auto follows the request). */
export function secureCookies(c: Context): boolean {
  const mode = config(c)?.secureCookies ?? 'auto'
  return mode === 'always' || (mode === 'auto' && isHttps(c))
}
