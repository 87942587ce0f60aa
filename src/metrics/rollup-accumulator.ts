export interface ClosedBucket {
  seriesId: number
  ts: number
  avg: number
  max: number
  n: number
}

export interface OpenBucket {
  ts: number
  sum: number
  max: number
  n: number
}

/**
 * Rounds an average so SQLite can store it small: whole numbers (rates in bit/s, byte counts) as
 * integers of 1-6 bytes instead of an 8-byte REAL; small values (percent, °C, V) keep 2 decimals.
 */
export function compact(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100
}

/**
 * Streaming rollups: one open bucket per series, kept in typed arrays indexed by series key (a
 * few dozen bytes per series), so rollups need no scan of raw samples. When a sample falls into a
 * later bucket, the previous one is closed and returned for writing.
 */
export class RollupAccumulator {
  readonly bucketS: number
  #bucket = new Float64Array(1024).fill(-1)
  #sum = new Float64Array(1024)
  #max = new Float64Array(1024)
  #n = new Uint32Array(1024)

  constructor(bucketS: number) {
    this.bucketS = bucketS
  }

  /** Adds a sample; returns the bucket it closed, if any. */
  add(seriesId: number, tsS: number, value: number): ClosedBucket | undefined {
    this.#grow(seriesId)
    const b = Math.floor(tsS / this.bucketS) * this.bucketS
    const open = this.#bucket[seriesId] as number
    let closed: ClosedBucket | undefined
    if (open !== b) {
      if (open >= 0 && (this.#n[seriesId] as number) > 0) closed = this.#take(seriesId)
      this.#bucket[seriesId] = b
      this.#sum[seriesId] = 0
      this.#max[seriesId] = -Infinity
      this.#n[seriesId] = 0
    }
    this.#sum[seriesId] = (this.#sum[seriesId] as number) + value
    this.#max[seriesId] = Math.max(this.#max[seriesId] as number, value)
    this.#n[seriesId] = (this.#n[seriesId] as number) + 1
    return closed
  }

  /** The open bucket of a series (sum, not average), or undefined; persisted at each flush. */
  open(seriesId: number): OpenBucket | undefined {
    if (seriesId >= this.#n.length || (this.#n[seriesId] as number) === 0) return undefined
    return {
      ts: this.#bucket[seriesId] as number,
      sum: this.#sum[seriesId] as number,
      max: this.#max[seriesId] as number,
      n: this.#n[seriesId] as number,
    }
  }

  /** Puts back an open bucket persisted before a restart or crash. */
  restore(seriesId: number, b: OpenBucket): void {
    this.#grow(seriesId)
    this.#bucket[seriesId] = b.ts
    this.#sum[seriesId] = b.sum
    this.#max[seriesId] = b.max
    this.#n[seriesId] = b.n
  }

  /**
   * Closes open buckets that end at or before `beforeS` (all of them by default, on shutdown).
   * Series of a device that stopped answering get written this way; a partial bucket merges with
   * later samples of the same bucket on disk.
   */
  drain(beforeS = Infinity): ClosedBucket[] {
    const out: ClosedBucket[] = []
    for (let id = 0; id < this.#n.length; id++) {
      if ((this.#n[id] as number) === 0) continue
      if ((this.#bucket[id] as number) + this.bucketS > beforeS) continue
      out.push(this.#take(id))
      this.#bucket[id] = -1
      this.#n[id] = 0
    }
    return out
  }

  #take(id: number): ClosedBucket {
    const n = this.#n[id] as number
    return {
      seriesId: id,
      ts: this.#bucket[id] as number,
      avg: compact((this.#sum[id] as number) / n),
      max: this.#max[id] as number,
      n,
    }
  }

  #grow(id: number): void {
    if (id < this.#n.length) return
    let size = this.#n.length
    while (size <= id) size *= 2
    const bucket = new Float64Array(size).fill(-1)
    bucket.set(this.#bucket)
    this.#bucket = bucket
    this.#sum = copy(this.#sum, new Float64Array(size))
    this.#max = copy(this.#max, new Float64Array(size))
    this.#n = copy(this.#n, new Uint32Array(size))
  }
}

function copy<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from)
  return to
}
