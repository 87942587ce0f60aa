// Every HX-* request or response header is read or written here (ARCHITECTURE.md, Views and htmx).
import type { Context } from 'hono'
import type { Flash } from './env.ts'

/** True for any request sent by htmx (including history restores). */
export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true'
}

/**
 * True when the answer should be a fragment, not a full page (a history restore needs the whole
 * page). Asking makes the response depend on HX-Request, so it also adds `Vary: HX-Request`.
 */
export function isPartial(c: Context): boolean {
  vary(c)
  return isHtmx(c) && c.req.header('HX-History-Restore-Request') !== 'true'
}

const varied = new WeakMap<Context, Set<string>>()

/** Marks a response whose body depends on a request header (page vs fragment), for caches. */
export function vary(c: Context, header = 'HX-Request'): void {
  const done = varied.get(c) ?? new Set<string>()
  if (done.has(header)) return
  done.add(header)
  varied.set(c, done)
  c.header('Vary', header, { append: true })
}

/** Full-page navigation for htmx (a plain 3xx would be swapped into the target). */
export function hxRedirect(c: Context, url: string): void {
  c.header('HX-Redirect', url)
}

/** Trigger client events; `outpost:flash` shows a message in the flash area (see assets/app.js). */
export function hxTrigger(c: Context, events: Record<string, unknown>): void {
  c.header('HX-Trigger', JSON.stringify(events))
}

export function hxFlash(c: Context, flash: Flash): void {
  hxTrigger(c, { 'outpost:flash': flash })
}

/** Send a fragment somewhere other than the requested target (errors go to the flash area). */
export function hxRetarget(c: Context, selector: string, swap = 'innerHTML'): void {
  c.header('HX-Retarget', selector)
  c.header('HX-Reswap', swap)
}

/** Redirect that works for both plain and htmx requests. */
export function redirectTo(c: Context, url: string): Response {
  if (isHtmx(c)) {
    hxRedirect(c, url)
    return c.body(null, 204)
  }
  return c.redirect(url, 303)
}

/**
 * The path (and query) of the page a request came from: htmx names it in HX-Current-URL, a plain
 * form post in Referer. Only same-host URLs count; anything else is the dashboard.
 */
export function currentPagePath(c: Context): string {
  const from = c.req.header('HX-Current-URL') ?? c.req.header('Referer')
  if (!from) return '/'
  try {
    const url = new URL(from)
    return url.host === new URL(c.req.url).host ? `${url.pathname}${url.search}` : '/'
  } catch {
    return '/'
  }
}
