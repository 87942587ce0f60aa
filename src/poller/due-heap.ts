/**
 * Indexed binary min-heap of (key, dueAt). Every operation is O(log n), so a tick over a fleet of
 * 10,000 devices only touches the devices that are due, never the whole list.
 */
export class DueHeap {
  #keys: string[] = []
  #due: number[] = []
  #index = new Map<string, number>()

  get size(): number {
    return this.#keys.length
  }

  has(key: string): boolean {
    return this.#index.has(key)
  }

  dueAt(key: string): number | undefined {
    const i = this.#index.get(key)
    return i === undefined ? undefined : this.#due[i]
  }

  /** Inserts the key, or moves it when it is already present. */
  set(key: string, dueAt: number): void {
    const i = this.#index.get(key)
    if (i === undefined) {
      this.#keys.push(key)
      this.#due.push(dueAt)
      this.#index.set(key, this.#keys.length - 1)
      this.#up(this.#keys.length - 1)
      return
    }
    const old = this.#due[i] as number
    this.#due[i] = dueAt
    if (dueAt < old) this.#up(i)
    else this.#down(i)
  }

  delete(key: string): boolean {
    const i = this.#index.get(key)
    if (i === undefined) return false
    const last = this.#keys.length - 1
    this.#swap(i, last)
    this.#keys.pop()
    this.#due.pop()
    this.#index.delete(key)
    if (i < last) {
      this.#up(i)
      this.#down(i)
    }
    return true
  }

  peek(): { key: string; dueAt: number } | undefined {
    const key = this.#keys[0]
    return key === undefined ? undefined : { key, dueAt: this.#due[0] as number }
  }

  /** Removes and returns the earliest entry if it is due at or before `now`. */
  popDue(now: number): { key: string; dueAt: number } | undefined {
    const top = this.peek()
    if (top === undefined || top.dueAt > now) return undefined
    this.delete(top.key)
    return top
  }

  #up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1
      if ((this.#due[p] as number) <= (this.#due[i] as number)) return
      this.#swap(i, p)
      i = p
    }
  }

  #down(i: number): void {
    const n = this.#keys.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < n && (this.#due[l] as number) < (this.#due[m] as number)) m = l
      if (r < n && (this.#due[r] as number) < (this.#due[m] as number)) m = r
      if (m === i) return
      this.#swap(i, m)
      i = m
    }
  }

  #swap(a: number, b: number): void {
    if (a === b) return
    const ka = this.#keys[a] as string
    const kb = this.#keys[b] as string
    this.#keys[a] = kb
    this.#keys[b] = ka
    const da = this.#due[a] as number
    this.#due[a] = this.#due[b] as number
    this.#due[b] = da
    this.#index.set(kb, a)
    this.#index.set(ka, b)
  }
}
