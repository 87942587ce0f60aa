import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { isHttps } from '../is-https.ts'

/**
 * No inline script or style anywhere: htmx is told not to inject its indicator <style> and not to
 * eval (meta htmx-config in the layout), and the theme switch lives in /assets/app.js.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

const ALWAYS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
}

/**
 * Security headers on every response, error pages included (set after the handler and onError ran).
 * HSTS only over HTTPS: sending it on plain HTTP is ignored at best and locks out LAN-only boxes
 * at worst. Responses without an explicit Cache-Control are `no-store`: pages carry tenant data.
 */
export function secureHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    const headers = c.res.headers
    for (const [name, value] of Object.entries(ALWAYS)) headers.set(name, value)
    if (isHttps(c)) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
    headers.delete('X-Powered-By')
  }
}
