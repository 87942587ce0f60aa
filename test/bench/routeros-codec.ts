// Codec throughput: `node test/bench/routeros-codec.ts`. Encodes and decodes typical API replies
// (interface rows of ~30 short words) and large words, reports MB/s and sentences/s.
import { encodeSentence, parseSentence, SentenceDecoder } from '../../src/routeros/protocol.ts'

function interfaceRow(i: number): string[] {
  return [
    '!re',
    `=.id=*${i.toString(16).toUpperCase()}`,
    `=name=ether${i}`,
    '=default-name=ether1',
    '=type=ether',
    '=mtu=1500',
    '=actual-mtu=1500',
    '=l2mtu=1598',
    '=max-l2mtu=4074',
    '=mac-address=D4:CA:6D:26:05:F8',
    '=last-link-up-time=2024-10-04 20:11:03',
    '=link-downs=83',
    `=rx-byte=${38784330741 + i}`,
    '=tx-byte=70881296060',
    '=rx-packet=64321220',
    '=tx-packet=68227154',
    '=rx-drop=0',
    '=tx-drop=0',
    '=tx-queue-drop=0',
    '=rx-error=0',
    '=tx-error=0',
    '=fp-rx-byte=38527028417',
    '=fp-tx-byte=70563654783',
    '=fp-rx-packet=64000000',
    '=fp-tx-packet=68000000',
    '=running=true',
    '=slave=false',
    '=disabled=false',
    '=comment=uplink',
    `.tag=${i % 100}`,
  ]
}

function timeIt(
  minMs: number,
  fn: () => number,
): { seconds: number; bytes: number; rounds: number } {
  let bytes = 0
  let rounds = 0
  const start = process.hrtime.bigint()
  let elapsed = 0
  while (elapsed < minMs) {
    bytes += fn()
    rounds++
    elapsed = Number(process.hrtime.bigint() - start) / 1e6
  }
  return { seconds: elapsed / 1000, bytes, rounds }
}

const rows = Array.from({ length: 1000 }, (_, i) => interfaceRow(i))
const big = [['!re', '=contents=' + 'x'.repeat(256 * 1024)]]
const results: { case: string; 'MB/s': string; 'sentences/s': string }[] = []

for (const [name, sentences] of [
  ['interface rows', rows],
  ['256 KiB words', big],
] as const) {
  const enc = timeIt(1500, () => {
    let n = 0
    for (const s of sentences) n += encodeSentence(s).length
    return n
  })
  results.push({
    case: `encode ${name}`,
    'MB/s': (enc.bytes / 1e6 / enc.seconds).toFixed(1),
    'sentences/s': Math.round((enc.rounds * sentences.length) / enc.seconds).toLocaleString('en'),
  })
  const stream = Buffer.concat(sentences.map((s) => encodeSentence(s)))
  const chunks: Buffer[] = []
  for (let i = 0; i < stream.length; i += 65536) chunks.push(stream.subarray(i, i + 65536))
  const raw = timeIt(1000, () => {
    const d = new SentenceDecoder()
    let count = 0
    for (const c of chunks) count += d.push(c).length
    if (count !== sentences.length) throw new Error(`decoded ${count} of ${sentences.length}`)
    return stream.length
  })
  results.push({
    case: `decode ${name} (64 KiB chunks)`,
    'MB/s': (raw.bytes / 1e6 / raw.seconds).toFixed(1),
    'sentences/s': Math.round((raw.rounds * sentences.length) / raw.seconds).toLocaleString('en'),
  })
  const dec = timeIt(1500, () => {
    const d = new SentenceDecoder()
    let count = 0
    for (const c of chunks)
      for (const words of d.push(c)) count += parseSentence(words).command.length > 0 ? 1 : 0
    if (count !== sentences.length) throw new Error(`decoded ${count} of ${sentences.length}`)
    return stream.length
  })
  results.push({
    case: `decode+parse ${name} (64 KiB chunks)`,
    'MB/s': (dec.bytes / 1e6 / dec.seconds).toFixed(1),
    'sentences/s': Math.round((dec.rounds * sentences.length) / dec.seconds).toLocaleString('en'),
  })
}

console.log('RouterOS API codec throughput (single thread)')
console.table(results)
