import { HEALTH_PATH, parseHealth } from '../../routeros/commands/system-health.ts'
import type { Collector } from './collector.ts'

/** v6 answers one row of properties, v7 one row per sensor; the parser accepts both. */
export const health: Collector<'health'> = {
  kind: 'health',
  appliesTo: () => true,
  collect: async ({ session }) => parseHealth(await session.print(HEALTH_PATH)),
}
