// The bridge from a request to the channel services: acting principal and tenant scope.
import type { Context } from 'hono'
import type { TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import type { ChannelsCtx } from './channels.service.ts'

export type ChannelsDeps = ChannelsCtx['deps']

export function channelsCtx(c: Context<TenantEnv>, deps: ChannelsDeps): ChannelsCtx {
  const { kind, id, name, ip } = actorOf(c)
  return { deps, scope: c.var.scope, actor: { kind, id, name, ip } }
}
