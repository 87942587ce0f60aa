// A counting semaphore: the per-tenant limit on targets running at once across all its jobs.
export class Semaphore {
  #free: number
  readonly #waiters: (() => void)[] = []

  constructor(size: number) {
    this.#free = size
  }

  async acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--
      return
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve))
  }

  release(): void {
    const next = this.#waiters.shift()
    if (next) next()
    else this.#free++
  }
}
