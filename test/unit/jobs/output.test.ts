import { describe, expect, it } from 'vitest'
import { capOutput } from '../../../src/jobs/output.ts'

describe('capOutput', () => {
  it('keeps short output as it is', () => {
    expect(capOutput('hello\n')).toEqual({ text: 'hello\n', capped: false })
  })
  it('cuts several megabytes at a character boundary and says how much was dropped', () => {
    const big = 'ä'.repeat(3 * 1024 * 1024)
    const r = capOutput(big, 1001)
    expect(r.capped).toBe(true)
    expect(r.text.startsWith('ä'.repeat(500))).toBe(true)
    expect(r.text).toContain('[output capped: 6.0 MB received, the first 1000 B kept')
  })
})
