/**
 * Storage tiers. Each tier is split into time partitions (one table per `spanS`), so retention
 * drops whole tables instead of deleting rows: O(1), no scan, and freed pages are reused by the
 * next partition, which keeps the file size flat. A span of about 1/8 of the retention bounds the
 * overshoot to ~12 %.
 */
export type TierName = 'raw' | 'm5' | 'h1'

export interface Tier {
  name: TierName
  /** Bucket width in seconds (0 for raw samples). */
  bucketS: number
  retentionS: number
  spanS: number
  /**
   * Samples are packed per device in blocks this long once the block has ended (compactor.ts);
   * a divisor of spanS, so a block never straddles two partitions.
   */
  blockS: number
}

export interface RetentionConfig {
  rawHours: number
  fiveMinuteDays: number
  hourlyDays: number
}

export const DEFAULT_RETENTION: RetentionConfig = {
  rawHours: 48,
  fiveMinuteDays: 30,
  hourlyDays: 400,
}

// The partition span derives from the DEFAULT retention, never the configured one: partition
// numbers are floor(ts / span), so a span that changed with the settings would make existing
// tables mean other time ranges. A shorter configured retention just drops whole partitions.
function tier(
  name: TierName,
  bucketS: number,
  retentionS: number,
  defaultRetentionS: number,
  blockS: number,
): Tier {
  const unit = Math.max(bucketS, 3600)
  const spanS = Math.max(unit, Math.ceil(defaultRetentionS / 8 / unit) * unit)
  return { name, bucketS, retentionS, spanS, blockS }
}

export function buildTiers(r: RetentionConfig = DEFAULT_RETENTION): Record<TierName, Tier> {
  const d = DEFAULT_RETENTION
  return {
    // blocks: long enough to pack well (100+ points per series), short enough that the unpacked
    // rows of the current block stay a small share of the disk
    raw: tier('raw', 0, r.rawHours * 3600, d.rawHours * 3600, 3600),
    m5: tier('m5', 300, r.fiveMinuteDays * 86_400, d.fiveMinuteDays * 86_400, 6 * 3600),
    h1: tier('h1', 3600, r.hourlyDays * 86_400, d.hourlyDays * 86_400, 86_400),
  }
}

/** Partition number of a timestamp (seconds) in a tier. */
export function partitionOf(t: Tier, tsS: number): number {
  return Math.floor(tsS / t.spanS)
}

export function tableName(t: Tier, partition: number): string {
  return `${t.name}_${partition}`
}

/** The partition table of packed blocks (compactor.ts). */
export function packedTableName(t: Tier, partition: number): string {
  return `pk_${t.name}_${partition}`
}

/** Parses a partition table name (row or packed) back; undefined for other tables. */
export function parseTableName(
  name: string,
): { tier: TierName; partition: number; packed: boolean } | undefined {
  const m = /^(pk_)?(raw|m5|h1)_(\d+)$/.exec(name)
  if (m === null) return undefined
  return { tier: m[2] as TierName, partition: Number(m[3]), packed: m[1] !== undefined }
}
