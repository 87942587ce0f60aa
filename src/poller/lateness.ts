/** A ring of the latest poll start delays (ms past due), for the benchmark and health page. */
export class LatenessStats {
  #ring: Float64Array
  #next = 0
  #count = 0
  total = 0
  onTime = 0
  readonly toleranceMs: number

  constructor(size = 20_000, toleranceMs = 5000) {
    this.#ring = new Float64Array(size)
    this.toleranceMs = toleranceMs
  }

  add(latenessMs: number): void {
    this.#ring[this.#next] = latenessMs
    this.#next = (this.#next + 1) % this.#ring.length
    this.#count = Math.min(this.#count + 1, this.#ring.length)
    this.total++
    if (latenessMs <= this.toleranceMs) this.onTime++
  }

  /** Percentile (0-100) of the recent delays; 0 with no data. */
  percentile(p: number): number {
    if (this.#count === 0) return 0
    const sorted = Array.from(this.#ring.subarray(0, this.#count)).sort((a, b) => a - b)
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
    return sorted[i] as number
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
    this.total = 0
    this.onTime = 0
  }
}
