// The bridge from a request to the channel services: acting principal and tenant scope.
import type { Context } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { requestActor, requestScope } from '../http/request-actor.ts'
import type { ChannelsCtx } from './channels.service.ts'

export type ChannelsDeps = ChannelsCtx['deps']

export function channelsCtx(c: Context<AppEnv>, deps: ChannelsDeps): ChannelsCtx {
  const { kind, id, name, ip } = requestActor(c)
  return { deps, scope: requestScope(c), actor: { kind, id, name, ip } }
}
