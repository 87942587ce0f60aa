// The probing loop's rate limit: probes start 1/rate apart, and a cancel ends the waits at once,
// so a scan configured gently (a few probes a second) still stops when cancelled.
import { describe, expect, it } from 'vitest'
import { sweep } from '../../../src/discovery/sweep.ts'

const base = (127 << 24) + (0 << 16) + (95 << 8)

describe('sweep', () => {
  it('spaces the probes by the rate', async () => {
    const at: number[] = []
    const started = performance.now()
    await sweep({
      first: base + 1,
      last: base + 5,
      ports: [9],
      limits: { concurrency: 64, ratePerS: 20, timeoutMs: 100 },
      signal: new AbortController().signal,
      onFound: () => undefined,
      onProgress: () => undefined,
      probe: async () => {
        at.push(performance.now() - started)
        return { open: false }
      },
    })
    expect(at).toHaveLength(5)
    expect(at[4]!).toBeGreaterThanOrEqual(190) // 5 probes at 20 a second: the last after 200 ms
  })

  it('stops waiting for its turn when cancelled', async () => {
    const ctl = new AbortController()
    let probes = 0
    const started = performance.now()
    setTimeout(() => ctl.abort(), 300)
    // 250 hosts at 2 a second would take two minutes
    const probed = await sweep({
      first: base + 1,
      last: base + 250,
      ports: [9],
      limits: { concurrency: 256, ratePerS: 2, timeoutMs: 100 },
      signal: ctl.signal,
      onFound: () => undefined,
      onProgress: () => undefined,
      probe: async () => {
        probes++
        return { open: false }
      },
    })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(probes).toBeLessThanOrEqual(2)
    expect(probed).toBeLessThanOrEqual(2)
  })
})
