import { RollupAccumulator, type ClosedBucket } from './rollup-accumulator.ts'
import type { Tier, TierName } from './tiers.ts'

export type ClosedRollup = { tier: Tier; b: ClosedBucket }

/** What one flush writes: raw samples as flat triplets (series key, tsS, value), closed buckets. */
export interface SampleBatch {
  raw: number[]
  rollups: ClosedRollup[]
  /** series whose open buckets changed (saved with the batch) */
  touched: Set<number>
}

/**
 * The samples recorded since the last flush and the streaming rollups, shared by the SQLite
 * writer and the PostgreSQL store so both compute rollups the same way: a sample goes to the raw
 * buffer and to one accumulator per rollup tier, which returns a bucket when a later one starts.
 */
export class SampleBuffer {
  readonly accs: { tier: Tier; acc: RollupAccumulator }[]
  #batch: SampleBatch = { raw: [], rollups: [], touched: new Set() }

  constructor(tiers: Record<TierName, Tier>) {
    this.accs = [tiers.m5, tiers.h1].map((tier) => ({
      tier,
      acc: new RollupAccumulator(tier.bucketS),
    }))
  }

  /** Samples and closed buckets waiting for the next flush. */
  get pending(): number {
    return this.#batch.raw.length / 3 + this.#batch.rollups.length
  }

  add(seriesId: number, tsS: number, value: number): void {
    const b = this.#batch
    b.raw.push(seriesId, tsS, value)
    b.touched.add(seriesId)
    for (const { tier, acc } of this.accs) {
      const closed = acc.add(seriesId, tsS, value)
      if (closed !== undefined) b.rollups.push({ tier, b: closed })
    }
  }

  /** Closes buckets two widths in the past: a live device adds no more samples to them. */
  closeStale(nowS: number): void {
    for (const { tier, acc } of this.accs) {
      for (const b of acc.drain(nowS - tier.bucketS)) {
        this.#batch.rollups.push({ tier, b })
        this.#batch.touched.add(b.seriesId)
      }
    }
  }

  /** Hands over what is buffered (undefined when there is nothing) and starts a new batch. */
  take(): SampleBatch | undefined {
    const b = this.#batch
    if (b.raw.length === 0 && b.rollups.length === 0 && b.touched.size === 0) return undefined
    this.#batch = { raw: [], rollups: [], touched: new Set() }
    return b
  }

  /**
   * A batch that could not be written goes back in front of what came since; beyond `maxRaw`
   * samples the oldest are dropped (returns how many).
   */
  putBack(b: SampleBatch, maxRaw: number): number {
    const raw = b.raw.concat(this.#batch.raw)
    const over = Math.max(0, raw.length / 3 - maxRaw)
    this.#batch.raw = over > 0 ? raw.slice(over * 3) : raw
    this.#batch.rollups = b.rollups.concat(this.#batch.rollups)
    for (const id of b.touched) this.#batch.touched.add(id)
    return over
  }
}
