import { crc32 } from 'node:zlib'
import { decodeBlock, inflateBlock, type SeriesColumns } from './block-codec.ts'

/**
 * Inflated packed blocks, most recently used last (a bounded Map, ~1 MB at most). A device page
 * draws a dozen charts from the same blocks, and inflating is most of a read's cost; picking one
 * series out of an inflated block is cheap. Keyed by the blob's content (length and CRC-32), so
 * a block packed again or a dropped partition can never serve stale points.
 */
export class BlockCache {
  readonly #max: number
  readonly #map = new Map<string, Buffer>()

  constructor(max = 128) {
    this.#max = max
  }

  /** One series of a packed block, inflating the block on a miss. */
  series(
    blob: Buffer,
    blockS: number,
    step: number,
    rollup: boolean,
    seriesId: number,
  ): SeriesColumns | undefined {
    const key = `${blob.length}/${crc32(blob)}`
    let inflated = this.#map.get(key)
    if (inflated === undefined) {
      inflated = inflateBlock(blob)
      if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value as string)
    } else {
      this.#map.delete(key)
    }
    this.#map.set(key, inflated)
    return decodeBlock(inflated, blockS, step, rollup, seriesId, true)[0]
  }
}
