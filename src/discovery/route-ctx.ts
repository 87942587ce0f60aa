// The bridge from a request to the discovery services: tenant scope, acting principal, roles.
import type { Context } from 'hono'
import type { TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import type { DiscoveryCtx } from './discovery.service.ts'

export function discoveryCtx(c: Context<TenantEnv>, deps: DiscoveryCtx['deps']): DiscoveryCtx {
  return { deps, scope: c.var.scope, actor: actorOf(c) }
}

export function roleAtLeast(c: Context<TenantEnv>, min: 'operator' | 'admin'): boolean {
  const s = c.var.session
  if (s.isSuperAdmin || s.role === 'admin') return true
  return min === 'operator' && s.role === 'operator'
}
