import { parseResource, RESOURCE_PATH } from '../../routeros/commands/system-resource.ts'
import type { Collector } from './collector.ts'

/** Version, uptime, CPU, memory and storage; run before the others (they need the version). */
export const resource: Collector<'resource'> = {
  kind: 'resource',
  appliesTo: () => true,
  collect: async ({ session }) => parseResource(await session.print(RESOURCE_PATH)),
}
