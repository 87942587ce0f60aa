// The bridge from a request to the syslog services: tenant scope and acting principal.
import type { Context } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { requestActor, requestScope } from '../http/request-actor.ts'
import type { SyslogCtx } from './syslog.service.ts'

export function syslogCtx(c: Context<AppEnv>, deps: SyslogCtx['deps']): SyslogCtx {
  const { kind, id, name, ip } = requestActor(c)
  return { deps, scope: requestScope(c), actor: { kind, id, name, ip } }
}

/** The appliance's address as a router should reach it: the public URL's host, else this request's. */
export function applianceHost(c: Context<AppEnv>, publicUrl: string): string {
  const url = new URL(publicUrl === '' ? c.req.url : publicUrl)
  return url.hostname.replace(/^\[|\]$/g, '')
}
