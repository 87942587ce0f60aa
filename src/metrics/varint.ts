/**
 * Growable byte writer and reader of unsigned LEB128 varints and zigzag-signed ones, for the
 * packed sample blocks: small integers (time steps, counts, deltas between neighbouring values)
 * take one byte instead of eight.
 */
export class ByteWriter {
  #buf = Buffer.allocUnsafe(4096)
  #len = 0

  uint(v: number): void {
    this.#room(10)
    // division instead of >>> so values above 2^31 (bit rates, uptimes in ms) stay exact
    while (v >= 0x80) {
      this.#buf[this.#len++] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    this.#buf[this.#len++] = v
  }

  int(v: number): void {
    this.uint(v < 0 ? -2 * v - 1 : 2 * v)
  }

  float(v: number): void {
    this.#room(8)
    this.#buf.writeDoubleLE(v, this.#len)
    this.#len += 8
  }

  append(bytes: Buffer): void {
    this.#room(bytes.length)
    bytes.copy(this.#buf, this.#len)
    this.#len += bytes.length
  }

  bytes(): Buffer {
    return this.#buf.subarray(0, this.#len)
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + n))
    this.#buf.copy(next, 0, 0, this.#len)
    this.#buf = next
  }
}

export class ByteReader {
  readonly #buf: Buffer
  pos: number

  constructor(buf: Buffer, pos = 0) {
    this.#buf = buf
    this.pos = pos
  }

  uint(): number {
    let v = 0
    let mul = 1
    for (;;) {
      const b = this.#buf[this.pos++]
      if (b === undefined) throw new Error('packed block ends inside a number')
      v += (b & 0x7f) * mul
      if (b < 0x80) return v
      mul *= 0x80
    }
  }

  int(): number {
    const z = this.uint()
    return z % 2 === 1 ? -(z + 1) / 2 : z / 2
  }

  /** The next `len` bytes, as a view. */
  slice(len: number): Buffer {
    if (this.pos + len > this.#buf.length) throw new Error('packed block ends inside a section')
    this.pos += len
    return this.#buf.subarray(this.pos - len, this.pos)
  }

  float(): number {
    const v = this.#buf.readDoubleLE(this.pos)
    this.pos += 8
    return v
  }
}
