import type { PartitionTables } from './partition-tables.ts'
import type { Tier, TierName } from './tiers.ts'

/**
 * Drops every partition whose whole time span is older than its tier's retention, then returns
 * freed pages to the file system a bit at a time. Dropping whole tables costs the same for 10 or
 * 10,000 devices.
 */
export function applyRetention(
  tables: PartitionTables,
  tiers: Record<TierName, Tier>,
  nowMs: number,
): string[] {
  const nowS = Math.floor(nowMs / 1000)
  const dropped: string[] = []
  for (const tier of Object.values(tiers)) {
    for (const { table, partition } of tables.list(tier)) {
      const endS = (partition + 1) * tier.spanS
      if (endS <= nowS - tier.retentionS) {
        tables.drop(table)
        dropped.push(table)
      }
    }
  }
  if (dropped.length > 0) tables.db.pragma('incremental_vacuum')
  return dropped
}
