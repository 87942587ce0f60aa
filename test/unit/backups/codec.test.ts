import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compress, decompress, DEFAULT_CODEC } from '../../../src/backups/codec.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')

describe('backup codec', () => {
  it('uses zstd with the dictionary on Node 24 and round-trips every fixture exactly', () => {
    expect(DEFAULT_CODEC).toBe('zstd-d1')
    let raw = 0
    let stored = 0
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.rsc'))) {
      const b = readFileSync(join(DIR, f))
      const c = compress(b)
      expect(decompress(c, 'zstd-d1').equals(b)).toBe(true)
      raw += b.length
      stored += c.length + 29 // sealing overhead
    }
    // the target: stored versions at least 5x smaller than raw on the fixtures
    expect(raw / stored).toBeGreaterThanOrEqual(5)
  })

  it('reads gzip rows and refuses an unknown codec', () => {
    const b = Buffer.from('# 2024-08-19 14:35:12 by RouterOS 7.15.3\n')
    expect(decompress(compress(b, 'gzip'), 'gzip').equals(b)).toBe(true)
    expect(() => decompress(b, 'lz4')).toThrow(/unknown backup codec lz4/)
  })
})
