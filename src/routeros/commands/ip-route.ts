/** `/ip/route`: route counts with `=count-only=` (never a full print on big tables). */
import type { Reply } from '../session.ts'
import { ProtocolError } from '../errors.ts'

/**
 * Menu path of the route table.
 * @example await session.count(ROUTE_PATH, { query: ROUTE_COUNT_QUERIES.active })
 */
export const ROUTE_PATH = '/ip/route'

/**
 * Query words for the usual counts.
 * @example session.write(['/ip/route/print', '=count-only=', ...ROUTE_COUNT_QUERIES.enabled])
 */
export const ROUTE_COUNT_QUERIES = {
  all: [] as string[],
  enabled: ['?disabled=false'],
  active: ['?active=true'],
} as const

/**
 * Reads the count from a `=count-only=` reply (`!done =ret=N`; `!empty` counts as 0).
 * @example parseRouteCount({ rows: [], done: { ret: '42' }, empty: false }) // 42
 */
export function parseRouteCount(reply: Reply): number {
  const raw = reply.done.ret ?? (reply.empty ? '0' : undefined)
  const n = Number(raw)
  if (raw === undefined || !Number.isInteger(n) || n < 0) {
    throw new ProtocolError(`count-only reply without a count: ${JSON.stringify(reply.done)}`)
  }
  return n
}
