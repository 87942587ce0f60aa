import { IDENTITY_PATH, parseIdentity } from '../../routeros/commands/system-identity.ts'
import type { Collector } from './collector.ts'

export const identity: Collector<'identity'> = {
  kind: 'identity',
  appliesTo: () => true,
  collect: async ({ session }) => parseIdentity(await session.print(IDENTITY_PATH)),
}
