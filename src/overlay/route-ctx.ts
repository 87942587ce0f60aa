// The bridge from a request to the overlay services: tenant scope, acting principal, and where
// the request came in (the enrollment URL's base and the routers' endpoint host by default).
import type { Context } from 'hono'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import type { OverlayCtx } from './overlay.service.ts'

export function overlayCtx(c: Context<TenantEnv>, deps: OverlayCtx['deps']): OverlayCtx {
  return { deps, scope: c.var.scope, actor: actorOf(c) }
}

/** The enrollment URL's base: OUTPOST_PUBLIC_URL, else the origin this request came to. */
export function requestWhere<E extends AppEnv | TenantEnv>(
  c: Context<E>,
  publicUrl: string,
): { baseUrl: string; requestHost: string } {
  const url = new URL(publicUrl === '' ? c.req.url : publicUrl)
  return { baseUrl: url.origin, requestHost: url.hostname.replace(/^\[|\]$/g, '') }
}
