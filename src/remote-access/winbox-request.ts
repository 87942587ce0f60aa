// The bridge from a request to the WinBox forwards: the caller's address is the only one let in, and the
// address shown is the one the user reached the appliance by (or the public URL's host).
import type { Context } from 'hono'
import type { Deps } from '../deps.ts'
import type { TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import { ConflictError } from '../lib/errors.ts'
import { remoteAccessOf } from './remote-access.ts'
import type { WinboxView } from './remote-access.types.ts'

/** The appliance's host name or address as WinBox should reach it. */
export function winboxHost(c: Context<TenantEnv>, deps: Pick<Deps, 'config'>): string {
  const url = new URL(deps.config.publicUrl === '' ? c.req.url : deps.config.publicUrl)
  return url.hostname
}

/** Opens (or returns) the caller's forward to `device`. */
export async function openWinbox(
  c: Context<TenantEnv>,
  deps: Deps,
  device: { id: string; name: string },
): Promise<WinboxView & { host: string }> {
  const actor = actorOf(c)
  if (actor.ip === null)
    throw new ConflictError('Your address is unknown, so WinBox cannot be limited to it.', {
      code: 'winbox_no_source',
    })
  const forward = await remoteAccessOf(deps).winbox.open({
    scope: c.var.scope,
    actor,
    device,
    source: actor.ip,
  })
  return { ...forward, host: winboxHost(c, deps) }
}
