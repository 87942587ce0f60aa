/**
 * A push-fed async iterator used for streaming commands: the session pushes rows, ends or fails
 * it; the consumer iterates with `for await` and stopping early calls `onStop` (which cancels).
 */

/**
 * Buffered async iterator. Errors are only delivered through `next()`, so an unconsumed stream
 * never produces an unhandled rejection.
 * @example
 * const s = new ReplyStream<number>(() => onStopped())
 * s.push(1); s.end()
 * for await (const n of s) handle(n)
 */
export class ReplyStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = []
  /** Cost of each queued item (parallel to `queue`), so the unread part can be bounded. */
  private readonly costs: number[] = []
  private queuedCost = 0
  private waiter:
    { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined
  private state: 'open' | 'ended' | 'failed' | 'stopped' = 'open'
  private error: unknown
  private readonly onStop: () => void

  constructor(onStop: () => void) {
    this.onStop = onStop
  }

  /** Items pushed but not yet read by the consumer. */
  get unreadItems(): number {
    return this.queue.length
  }

  /** Sum of the `cost` of the unread items. */
  get unreadCost(): number {
    return this.queuedCost
  }

  /** Adds an item (ignored once the stream is over); `cost` counts towards `unreadCost`. */
  push(item: T, cost = 0): void {
    if (this.state !== 'open') return
    if (this.waiter) {
      const w = this.waiter
      this.waiter = undefined
      w.resolve({ value: item, done: false })
    } else {
      this.queue.push(item)
      this.costs.push(cost)
      this.queuedCost += cost
    }
  }

  /** Normal end: buffered items are still delivered, then `done`. */
  end(): void {
    if (this.state !== 'open') return
    this.state = 'ended'
    this.flushWaiter()
  }

  /** Failure: buffered items are still delivered, then `next()` rejects with `err`. */
  fail(err: unknown): void {
    if (this.state !== 'open') return
    this.state = 'failed'
    this.error = err
    this.flushWaiter()
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.queue.shift()
    if (item !== undefined) {
      this.queuedCost -= this.costs.shift() ?? 0
      return Promise.resolve({ value: item, done: false })
    }
    if (this.state === 'failed') {
      this.state = 'stopped'
      return Promise.reject(this.error)
    }
    if (this.state !== 'open') return Promise.resolve({ value: undefined, done: true })
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }))
  }

  /** Stops early (called by `break` in `for await`): cancels the command on the router. */
  return(): Promise<IteratorResult<T>> {
    const wasOpen = this.state === 'open'
    this.state = 'stopped'
    this.queue.length = 0
    this.costs.length = 0
    this.queuedCost = 0
    this.flushWaiter()
    if (wasOpen) this.onStop()
    return Promise.resolve({ value: undefined, done: true })
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  private flushWaiter(): void {
    const w = this.waiter
    if (!w) return
    this.waiter = undefined
    if (this.state === 'failed') {
      this.state = 'stopped'
      w.reject(this.error)
    } else w.resolve({ value: undefined, done: true })
  }
}
