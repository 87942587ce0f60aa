import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { SessionTokens } from '../auth/index.ts'
import { secureCookies } from './is-https.ts'

export const ACCESS_COOKIE = 'outpost_at'
export const REFRESH_COOKIE = 'outpost_rt'
export const FLASH_COOKIE = 'outpost_flash'

/** httpOnly (no script can read them), SameSite=Strict (never sent cross-site), Secure on HTTPS. */
function options(c: Context, expiresAt: number, now: number) {
  return {
    path: '/',
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Strict' as const,
    maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)),
  }
}

export function readSessionCookies(c: Context): { access?: string; refresh?: string } {
  return { access: getCookie(c, ACCESS_COOKIE), refresh: getCookie(c, REFRESH_COOKIE) }
}

export function setSessionCookies(c: Context, tokens: SessionTokens, now: number): void {
  setCookie(c, ACCESS_COOKIE, tokens.access, options(c, tokens.accessExpiresAt, now))
  setCookie(c, REFRESH_COOKIE, tokens.refresh, options(c, tokens.refreshExpiresAt, now))
}

/** After a tenant switch only the access token changes. */
export function setAccessCookie(c: Context, access: string, expiresAt: number, now: number): void {
  setCookie(c, ACCESS_COOKIE, access, options(c, expiresAt, now))
}

export function clearSessionCookies(c: Context): void {
  const secure = secureCookies(c)
  deleteCookie(c, ACCESS_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Strict' })
  deleteCookie(c, REFRESH_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Strict' })
}
