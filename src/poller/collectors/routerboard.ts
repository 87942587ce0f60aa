import { parseRouterboard, ROUTERBOARD_PATH } from '../../routeros/commands/system-routerboard.ts'
import type { Collector } from './collector.ts'

export const routerboard: Collector<'routerboard'> = {
  kind: 'routerboard',
  appliesTo: () => true,
  collect: async ({ session }) => parseRouterboard(await session.print(ROUTERBOARD_PATH)),
}
