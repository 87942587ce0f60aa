import { ROUTE_COUNT_QUERIES, ROUTE_PATH } from '../../routeros/commands/ip-route.ts'
import type { Collector } from './collector.ts'

/** Counts only: a full table can hold a million BGP routes. */
export const routes: Collector<'routes'> = {
  kind: 'routes',
  appliesTo: () => true,
  collect: async ({ session }) => {
    const [total, active] = await Promise.all([
      session.count(ROUTE_PATH),
      session.count(ROUTE_PATH, { query: ROUTE_COUNT_QUERIES.active }),
    ])
    return { total, active }
  },
}
