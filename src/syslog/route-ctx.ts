// The bridge from a request to the syslog services: tenant scope and acting principal.
import type { Context } from 'hono'
import type { AppEnv, SessionEnv, TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import type { SyslogCtx } from './syslog.service.ts'

export function syslogCtx(c: Context<TenantEnv>, deps: SyslogCtx['deps']): SyslogCtx {
  const { kind, id, name, ip } = actorOf(c)
  return { deps, scope: c.var.scope, actor: { kind, id, name, ip } }
}

/** The appliance's address as a router should reach it: the public URL's host, else this request's. */
export function applianceHost<E extends AppEnv | TenantEnv | SessionEnv>(
  c: Context<E>,
  publicUrl: string,
): string {
  const url = new URL(publicUrl === '' ? c.req.url : publicUrl)
  return url.hostname.replace(/^\[|\]$/g, '')
}
