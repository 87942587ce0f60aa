import { ADDRESS_PATH, parseAddresses } from '../../routeros/commands/ip-address.ts'
import type { Collector } from './collector.ts'

export const addresses: Collector<'addresses'> = {
  kind: 'addresses',
  appliesTo: () => true,
  collect: async ({ session }) => parseAddresses(await session.print(ADDRESS_PATH)),
}
