import { NEIGHBOR_PATH, parseNeighbors } from '../../routeros/commands/ip-neighbor.ts'
import type { Collector } from './collector.ts'

export const neighbours: Collector<'neighbours'> = {
  kind: 'neighbours',
  appliesTo: () => true,
  collect: async ({ session }) => parseNeighbors(await session.print(NEIGHBOR_PATH)),
}
