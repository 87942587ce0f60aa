/**
 * Compression of stored versions with `node:zlib`: zstd with dictionary 1 when this Node has
 * zstd (Node 22.15+/23.8+), else gzip. The codec name is stored with each row, so a row written
 * with one codec is read with the same one after an upgrade.
 */
import { constants, gunzipSync, gzipSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib'
import { ZSTD_DICTIONARY_1 } from './dictionary.ts'

export type Codec = 'zstd-d1' | 'gzip'

const HAS_ZSTD = typeof zstdCompressSync === 'function'

/** The codec new versions are written with. */
export const DEFAULT_CODEC: Codec = HAS_ZSTD ? 'zstd-d1' : 'gzip'

export function compress(data: Uint8Array, codec: Codec = DEFAULT_CODEC): Uint8Array {
  if (codec === 'gzip') return gzipSync(data, { level: 9 })
  return zstdCompressSync(data, {
    params: { [constants.ZSTD_c_compressionLevel]: 19 },
    dictionary: ZSTD_DICTIONARY_1,
  } as Parameters<typeof zstdCompressSync>[1])
}

export function decompress(data: Uint8Array, codec: string): Buffer {
  if (codec === 'gzip') return gunzipSync(data)
  if (codec === 'zstd-d1') {
    if (!HAS_ZSTD) throw new Error('this Node has no zstd: cannot read a zstd-d1 backup')
    return zstdDecompressSync(data, { dictionary: ZSTD_DICTIONARY_1 } as Parameters<
      typeof zstdDecompressSync
    >[1])
  }
  throw new Error(`unknown backup codec ${codec}`)
}
