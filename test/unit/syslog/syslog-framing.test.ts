import { describe, expect, it } from 'vitest'
import { SyslogFrameDecoder, type FrameProblem } from '../../../src/syslog/syslog-framing.ts'

function decoder() {
  const problems: FrameProblem[] = []
  const d = new SyslogFrameDecoder((p) => problems.push(p), 64)
  const push = (s: string | Buffer) =>
    d.push(typeof s === 'string' ? Buffer.from(s) : s).map((b) => b.toString())
  return { d, problems, push }
}

describe('SyslogFrameDecoder', () => {
  it('splits newline framing, with LF, CRLF and NUL terminators', () => {
    const { push } = decoder()
    expect(push('<13>one\n<13>two\r\n<13>three\0<13>fo')).toEqual([
      '<13>one',
      '<13>two',
      '<13>three',
    ])
    expect(push('ur\n')).toEqual(['<13>four'])
  })
  it('splits octet-counted frames, also across chunks and mixed with newline frames', () => {
    const { push } = decoder()
    expect(push('7 <13>abc8 <13>ab')).toEqual(['<13>abc'])
    expect(push('cd<13>line\n')).toEqual(['<13>abcd', '<13>line'])
    expect(push('1')).toEqual([])
    expect(push('0 <13>012345')).toEqual(['<13>012345'])
  })
  it('skips an oversized counted frame and keeps going', () => {
    const { push, problems } = decoder()
    expect(push(`100 ${'x'.repeat(100)}7 <13>abc`)).toEqual(['<13>abc'])
    expect(problems).toEqual(['oversized'])
  })
  it('skips an oversized line without buffering it', () => {
    const { d, push, problems } = decoder()
    expect(push('<13>' + 'y'.repeat(200))).toEqual([])
    expect(d.pending).toBe(0)
    expect(push('yyy\n<13>ok\n')).toEqual(['<13>ok'])
    expect(problems).toEqual(['oversized'])
  })
  it('counts wrong framing and resynchronises on the next line', () => {
    const { push, problems } = decoder()
    expect(push('garbage here\n12x <13>bad\n<13>good\n')).toEqual(['<13>good'])
    expect(problems).toEqual(['framing', 'framing'])
  })
  it('cuts a stream whose octet count is absurd', () => {
    const { push } = decoder()
    expect(() => push('99999999999 x')).toThrow(/octet count/)
  })
})
