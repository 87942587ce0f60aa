import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppEnv, Flash } from './env.ts'
import { isHtmx } from './htmx.ts'
import { secureCookies } from './is-https.ts'
import { FLASH_COOKIE } from './session-cookies.ts'

const KINDS = new Set(['success', 'error', 'info'])

/** Carries a message across a redirect (POST → 303 → GET): shown once, then cleared. */
export function setFlash(c: Context, flash: Flash): void {
  const value = Buffer.from(JSON.stringify(flash)).toString('base64url')
  setCookie(c, FLASH_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: secureCookies(c),
    maxAge: 60,
  })
}

function decode(value: string): Flash | undefined {
  try {
    const o = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Flash>
    if (typeof o.message !== 'string' || !KINDS.has(o.kind ?? '')) return undefined
    return { kind: o.kind as Flash['kind'], message: o.message.slice(0, 300) }
  } catch {
    return undefined
  }
}

/** Reads the flash cookie into c.var.flash; it is cleared once a full page has been rendered. */
export function flashMessages(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const value = getCookie(c, FLASH_COOKIE)
    const flash = value ? decode(value) : undefined
    c.set('flash', flash)
    await next()
    const isHtml = c.res.headers.get('Content-Type')?.startsWith('text/html') ?? false
    const rendered = isHtml && c.res.status < 300
    if (value && rendered && !isHtmx(c)) {
      const expired = `${FLASH_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict`
      c.res.headers.append('Set-Cookie', expired)
    }
  }
}
