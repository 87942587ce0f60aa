// The recorder writes asciicast v2: a header line, then [seconds, code, data] events; characters
// split across chunks stay whole; past the size cap one marker line ends the recording.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AsciicastRecorder } from '../../../src/remote-access/asciicast.ts'

const lines = (cast: string) =>
  cast
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown)

describe('AsciicastRecorder', () => {
  it('writes the header and timed output and resize events', () => {
    const r = new AsciicastRecorder(1_000_000, { cols: 80, rows: 24 }, 'r1')
    r.output(1_000_500, Buffer.from('hello\r\n'))
    r.resize(1_001_000, 120, 40)
    const [header, ...events] = lines(r.finish())
    expect(header).toEqual({
      version: 2,
      width: 80,
      height: 24,
      timestamp: 1000,
      title: 'r1',
      env: { TERM: 'xterm-256color' },
    })
    expect(events).toEqual([
      [0.5, 'o', 'hello\r\n'],
      [1, 'r', '120x40'],
    ])
  })

  it('keeps a character split across two chunks whole', () => {
    const r = new AsciicastRecorder(0, { cols: 80, rows: 24 }, 'r')
    const bytes = Buffer.from('€', 'utf8')
    r.output(1, bytes.subarray(0, 1))
    r.output(2, bytes.subarray(1))
    expect(lines(r.finish()).slice(1)).toEqual([[0.002, 'o', '€']])
  })

  it('stops at the size cap with one marker line', () => {
    const r = new AsciicastRecorder(0, { cols: 80, rows: 24 }, 'r', 300)
    for (let i = 0; i < 20; i++) r.output(i, Buffer.from('x'.repeat(40)))
    const events = lines(r.finish()).slice(1) as [number, string, string][]
    expect(events.at(-1)?.[2]).toContain('recording size limit reached')
    expect(events.length).toBeLessThan(10)
  })
})

describe('vendored xterm.js', () => {
  it('is the file of the installed @xterm/xterm package, unchanged', () => {
    for (const [vendored, pkg] of [
      ['assets/xterm.js', 'node_modules/@xterm/xterm/lib/xterm.js'],
      ['assets/xterm.css', 'node_modules/@xterm/xterm/css/xterm.css'],
    ] as const) {
      expect(readFileSync(vendored).equals(readFileSync(pkg)), vendored).toBe(true)
    }
  })
})
