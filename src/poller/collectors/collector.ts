import type { RouterOsSession } from '../../routeros/session.ts'
import type { CollectorResults } from './collector-results.ts'

export type CollectorKind = keyof CollectorResults

/** What a device remembers between polls for its collectors (probes, daily checks). */
export interface ProbeCache {
  /** Registration-table menu found for a RouterOS version (null: no wireless package). */
  wireless?: { version: string; menu: string | null }
  /** When available updates were last checked (epoch ms). */
  packageCheckedAt?: number
  /** Highest `/log` id the config-edit check has seen (backups capture after an edit). */
  logSeenId?: number
}

export interface CollectContext {
  session: Pick<RouterOsSession, 'print' | 'count' | 'exec'>
  /** RouterOS version from this poll's resource reading, e.g. `7.15.2 (stable)`. */
  version: string
  majorVersion: number | undefined
  probes: ProbeCache
  now: number
}

/**
 * One capability the poller reads from a device: one file under collectors/ plus one entry in
 * collectors/index.ts (checked by the compiler).
 */
export interface Collector<K extends CollectorKind = CollectorKind> {
  kind: K
  /** False to skip this poll (not applicable to the device, or not due, like the daily update check). */
  appliesTo(ctx: CollectContext): boolean
  collect(ctx: CollectContext): Promise<CollectorResults[K]>
}
