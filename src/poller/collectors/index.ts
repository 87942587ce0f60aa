import { addresses } from './addresses.ts'
import type { Collector, CollectorKind } from './collector.ts'
import { configLog } from './config-log.ts'
import { dhcpLeases } from './dhcp-leases.ts'
import { health } from './health.ts'
import { identity } from './identity.ts'
import { interfaces } from './interfaces.ts'
import { neighbours } from './neighbours.ts'
import { packageUpdate } from './package-update.ts'
import { resource } from './resource.ts'
import { routerboard } from './routerboard.ts'
import { routes } from './routes.ts'
import { wireless } from './wireless.ts'

export type { CollectContext, Collector, CollectorKind, ProbeCache } from './collector.ts'
export type { CollectorResults } from './collector-results.ts'

/** Every collector by kind; a kind without a collector (or a typo) is a compile error. */
export const collectors = {
  identity,
  resource,
  routerboard,
  health,
  interfaces,
  wireless,
  dhcp_leases: dhcpLeases,
  neighbours,
  addresses,
  routes,
  package_update: packageUpdate,
  config_log: configLog,
} satisfies { [K in CollectorKind]: Collector<K> }

/** Read first, on their own: the others need the version, and a device without them is down. */
export const CORE_KINDS = ['resource', 'identity'] as const satisfies readonly CollectorKind[]
export const OTHER_KINDS = (Object.keys(collectors) as CollectorKind[]).filter(
  (k) => !(CORE_KINDS as readonly string[]).includes(k),
)
