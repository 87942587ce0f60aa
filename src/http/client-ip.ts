import type { Context } from 'hono'
import type { Deps } from '../deps.ts'

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } }
  server?: NodeBindings
}

function peerAddress(c: Context): string | null {
  const env = c.env as NodeBindings | undefined
  const address = (env?.server ?? env)?.incoming?.socket?.remoteAddress
  if (!address) return null
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

/**
 * The client address the login rate limit and the audit log use: the TCP peer, or behind a
 * trusted reverse proxy (OUTPOST_TRUST_PROXY) the last X-Forwarded-For hop, the one our proxy
 * appended. Without that setting forwarded headers are ignored: anyone could send them to dodge
 * the rate limit.
 */
export function clientIp(c: Context): string | null {
  const trustProxy = (c.get('deps') as Deps | undefined)?.config.trustProxy === true
  const forwarded = trustProxy ? c.req.header('X-Forwarded-For') : undefined
  const last = forwarded?.split(',').pop()?.trim()
  return last ? last.slice(0, 64) : peerAddress(c)
}

export function userAgent(c: Context): string | null {
  return c.req.header('User-Agent')?.slice(0, 300) ?? null
}
