import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import {
  encodeLength,
  encodeSentence,
  parseSentence,
  ProtocolError,
  SentenceDecoder,
} from '../../../src/routeros/protocol.ts'
import { RouterOsError } from '../../../src/routeros/errors.ts'

const hex = (b: Buffer) => b.toString('hex').toUpperCase()

/** Seeded PRNG (mulberry32) so a failing segmentation can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('encodeLength', () => {
  const vectors: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7F'],
    [128, '8080'],
    [0x3fff, 'BFFF'],
    [0x4000, 'C04000'],
    [0x1fffff, 'DFFFFF'],
    [0x200000, 'E0200000'],
    [0x0fffffff, 'EFFFFFFF'],
    [0x10000000, 'F010000000'],
    [0xffffffff, 'F0FFFFFFFF'],
    [0x12345678, 'F012345678'],
    [0x0abcdef, 'E0ABCDEF'],
  ]
  for (const [len, bytes] of vectors) {
    it(`encodes ${len} as ${bytes}`, () => expect(hex(encodeLength(len))).toBe(bytes))
  }
  it('refuses negative, fractional and too large lengths', () => {
    for (const bad of [-1, 1.5, 0x100000000, Number.NaN]) {
      expect(() => encodeLength(bad)).toThrow(ProtocolError)
    }
  })
})

describe('encodeSentence', () => {
  it('prefixes each word and ends with a zero byte', () => {
    const b = encodeSentence(['/login', '=name=admin'])
    expect(hex(b)).toBe('062F6C6F67696E' + '0B3D6E616D653D61646D696E' + '00')
  })
  it('uses a 2-byte prefix for a 200-byte word and keeps Buffers raw', () => {
    const word = Buffer.alloc(200, 0xe9)
    const b = encodeSentence([word])
    expect(hex(b.subarray(0, 2))).toBe('80C8')
    expect(b.subarray(2, 202).equals(word)).toBe(true)
    expect(b.length).toBe(203)
  })
  it('encodes strings with the chosen charset', () => {
    expect(hex(encodeSentence(['é'], 'latin1'))).toBe('01E900')
    expect(hex(encodeSentence(['é']))).toBe('02C3A900')
  })
})

/** Builds random sentences, including words in every length range up to the 3-byte one. */
function randomSentences(count: number, big = true): Buffer[][] {
  const sizes = big ? [1, 5, 127, 128, 300, 0x3fff, 0x4000, 70_000] : [1, 5, 127, 128, 300]
  const out: Buffer[][] = []
  for (let i = 0; i < count; i++) {
    const n = 1 + (i % 4)
    const words: Buffer[] = []
    for (let j = 0; j < n; j++) words.push(randomBytes(sizes[(i * 3 + j) % sizes.length] as number))
    out.push(words)
  }
  return out
}

/** Compact, fast-to-compare form of decoded sentences. */
const digest = (ss: Buffer[][]) => ss.map((s) => s.map((w) => w.toString('base64')).join(' '))

function decodeInChunks(stream: Buffer, cuts: number[]): string[] {
  const d = new SentenceDecoder()
  const out: Buffer[][] = []
  let prev = 0
  for (const c of [...cuts, stream.length]) {
    out.push(...d.push(stream.subarray(prev, c)))
    prev = c
  }
  expect(d.bufferedBytes).toBe(0)
  return digest(out)
}

describe('SentenceDecoder', () => {
  it('round-trips words of every prefix size, including 4- and 5-byte ones', () => {
    const words = [Buffer.alloc(0x200000, 1), Buffer.from('x')]
    const d = new SentenceDecoder({ maxWordBytes: 0x300000 })
    const [s] = d.push(encodeSentence(words))
    expect(s?.map((w) => w.length)).toEqual([0x200000, 1])
    // a 5-byte prefix is decoded (then refused by the size limit, as it should be)
    expect(() => new SentenceDecoder().push(Buffer.from('F010000000', 'hex'))).toThrow(
      /268435456 bytes exceeds the limit/,
    )
  })

  it('decodes a stream fed one byte at a time', () => {
    const sentences = [...randomSentences(12, false), [Buffer.alloc(0x4000, 7)]]
    const stream = Buffer.concat(sentences.map((s) => encodeSentence(s)))
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1)
    expect(decodeInChunks(stream, cuts)).toEqual(digest(sentences))
  })

  it('decodes a stream split at random places (50 random segmentations)', () => {
    const sentences = randomSentences(20)
    const stream = Buffer.concat(sentences.map((s) => encodeSentence(s)))
    const seed = Date.now() % 1_000_000
    const random = prng(seed)
    for (let round = 0; round < 50; round++) {
      const cuts = [
        ...new Set(
          Array.from({ length: 1 + (round % 30) }, () => Math.floor(random() * stream.length)),
        ),
      ].sort((a, b) => a - b)
      expect(decodeInChunks(stream, cuts), `seed ${seed}, cuts ${cuts.join(',')}`).toEqual(
        digest(sentences),
      )
    }
  })

  it('survives a chunk boundary right before the terminating zero byte', () => {
    const a = encodeSentence(['!re', '=name=ether1', '.tag=4'])
    const d = new SentenceDecoder()
    expect(d.push(a.subarray(0, a.length - 1))).toEqual([])
    const [s] = d.push(a.subarray(a.length - 1))
    expect(s?.map(String)).toEqual(['!re', '=name=ether1', '.tag=4'])
  })

  it('survives a boundary inside a multi-byte length prefix', () => {
    const word = 'x'.repeat(0x4001)
    const a = encodeSentence([word])
    const d = new SentenceDecoder()
    expect(d.push(a.subarray(0, 2))).toEqual([])
    expect(d.push(a.subarray(2))[0]?.[0]?.toString()).toBe(word)
  })

  it('returns several sentences from one chunk and skips empty sentences', () => {
    const stream = Buffer.concat([
      encodeSentence(['!re', '=a=1']),
      Buffer.from([0]),
      encodeSentence(['!done']),
    ])
    const out = new SentenceDecoder().push(stream).map((s) => s.map(String))
    expect(out).toEqual([['!re', '=a=1'], ['!done']])
  })

  it('refuses reserved control bytes with a clear error', () => {
    for (const b of [0xf1, 0xf7, 0xf8, 0xff]) {
      const err = (() => {
        try {
          new SentenceDecoder().push(Buffer.from([0x03, 0x61, 0x62, 0x63, b, 0, 0, 0, 0]))
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(ProtocolError)
      expect(err).toBeInstanceOf(RouterOsError)
      expect((err as ProtocolError).code).toBe('protocol')
      expect((err as Error).message).toBe(`reserved control byte 0x${b.toString(16)}`)
    }
  })

  it('refuses a word larger than the limit as soon as its length is known', () => {
    const d = new SentenceDecoder({ maxWordBytes: 1000 })
    expect(() => d.push(encodeLength(1001))).toThrow(/1001 bytes exceeds the limit of 1000/)
    expect(
      new SentenceDecoder({ maxWordBytes: 1000 }).push(encodeSentence(['y'.repeat(1000)])),
    ).toHaveLength(1)
  })

  it('bounds one sentence, counting the words of an unfinished sentence (maxSentenceBytes)', () => {
    const word = (n: number) => encodeSentence(['x'.repeat(n)]).subarray(0, -1) // no terminator
    const d = new SentenceDecoder({ maxSentenceBytes: 1000 })
    // 4 words of 2 + 200 bytes: 808 bytes held, nothing completed yet
    for (let i = 0; i < 4; i++) expect(d.push(word(200))).toEqual([])
    let err: unknown
    try {
      d.push(word(200))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(RouterOsError)
    expect(err).toMatchObject({ code: 'sentence_too_large', limit: 1000 })
    expect((err as Error).message).toBe(
      'the device sent a sentence larger than 1,000 bytes (connection closed)',
    )
  })

  it('refuses a word that would pass the sentence cap from its length alone', () => {
    const d = new SentenceDecoder({ maxSentenceBytes: 1024 * 1024 })
    // only the 4-byte prefix of a 15 MiB word arrived: nothing is buffered waiting for it
    expect(() => d.push(encodeLength(15 * 1024 * 1024))).toThrow('larger than 1 MiB')
  })

  it('the sentence cap restarts at every sentence and the terminator is not counted', () => {
    const d = new SentenceDecoder({ maxSentenceBytes: 100 })
    const exact = encodeSentence(['a'.repeat(48), 'b'.repeat(50)]) // 49 + 51 bytes + terminator
    for (let i = 0; i < 50; i++) expect(d.push(exact)).toHaveLength(1)
    expect(() => d.push(encodeSentence(['a'.repeat(48), 'b'.repeat(51)]))).toThrow(
      'larger than 100 bytes',
    )
  })

  it('decodes a large word fed in many small chunks', () => {
    const word = randomBytes(3_000_000)
    const stream = encodeSentence([word, 'tail'])
    const d = new SentenceDecoder()
    const out: Buffer[][] = []
    for (let i = 0; i < stream.length; i += 4096) out.push(...d.push(stream.subarray(i, i + 4096)))
    expect(out).toHaveLength(1)
    expect(out[0]?.[0]?.equals(word)).toBe(true)
    expect(out[0]?.[1]?.toString()).toBe('tail')
  })
})

describe('encode/decode symmetry (segmented encoder output)', () => {
  it('a sentence encoded word by word and concatenated decodes identically', () => {
    const words = ['/interface/print', '=.proplist=name,rx-byte', '?type=ether', '.tag=9']
    const pieces = words.map((w) =>
      Buffer.concat([encodeLength(Buffer.byteLength(w)), Buffer.from(w)]),
    )
    const d = new SentenceDecoder()
    const out: Buffer[][] = []
    for (const p of pieces) out.push(...d.push(p))
    out.push(...d.push(Buffer.from([0])))
    expect(out.map((s) => s.map(String))).toEqual([words])
  })
})

describe('parseSentence', () => {
  it('splits attributes on the first two = only and extracts the tag', () => {
    const s = parseSentence(['!re', '=name=a=b', '=comment=', '=.id=*1A', '.tag=3', '.section=0'])
    expect(s.command).toBe('!re')
    expect({ ...s.attrs }).toEqual({ name: 'a=b', comment: '', '.id': '*1A', '.section': '0' })
    expect(s.tag).toBe('3')
  })
  it('keeps query words and extra words (fatal reason)', () => {
    expect(parseSentence(['/x/print', '?type=ether', '?#|']).queries).toEqual([
      '?type=ether',
      '?#|',
    ])
    expect(parseSentence(['!fatal', 'session terminated on request']).extra).toEqual([
      'session terminated on request',
    ])
  })
  it('decodes bytes with the chosen charset', () => {
    const s = parseSentence([Buffer.from('!re'), Buffer.from([0x3d, 0x6e, 0x3d, 0xe9])], 'latin1')
    expect(s.attrs.n).toBe('é')
  })
})
