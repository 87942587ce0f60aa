import { describe, expect, it } from 'vitest'
import { SessionLimiter } from '../../../src/device-access/index.ts'

const tick = () => new Promise((r) => setTimeout(r, 1))

/** Runs `count` jobs per key at once and records the highest concurrency seen per key and in total. */
async function flood(limiter: SessionLimiter, keys: string[], count: number) {
  const peak = new Map<string, number>()
  let peakTotal = 0
  const jobs = keys.flatMap((k) =>
    Array.from({ length: count }, () =>
      limiter.run(k, async () => {
        peak.set(k, Math.max(peak.get(k) ?? 0, limiter.active(k)))
        peakTotal = Math.max(peakTotal, limiter.active())
        await tick()
      }),
    ),
  )
  await Promise.all(jobs)
  return { peak, peakTotal }
}

describe('SessionLimiter', () => {
  it('runs at most 2 sessions per device by default, however many jobs ask', async () => {
    const limiter = new SessionLimiter()
    const { peak } = await flood(limiter, ['t/d1'], 100)
    expect(peak.get('t/d1')).toBe(2)
    expect(limiter.active()).toBe(0)
    expect(limiter.queued()).toBe(0)
  })

  it('caps the whole appliance and lets other devices pass a full one', async () => {
    const limiter = new SessionLimiter({ perDevice: 3, global: 8 })
    const keys = Array.from({ length: 10 }, (_, i) => `t/d${i}`)
    const { peak, peakTotal } = await flood(limiter, keys, 10)
    expect(peakTotal).toBe(8)
    for (const k of keys) expect(peak.get(k)).toBeLessThanOrEqual(3)
  })

  it('releases the slot when a session fails and refuses work beyond the queue bound', async () => {
    const limiter = new SessionLimiter({ perDevice: 1, maxQueuePerDevice: 2 })
    await expect(
      limiter.run('k', async () => Promise.reject(new Error('ssh down'))),
    ).rejects.toThrow('ssh down')
    expect(limiter.active('k')).toBe(0)
    let release!: () => void
    const held = limiter.run('k', () => new Promise<void>((r) => (release = r)))
    const waiting = [limiter.run('k', async () => 1), limiter.run('k', async () => 2)]
    await expect(limiter.run('k', async () => 3)).rejects.toMatchObject({ code: 'session_limit' })
    release()
    await held
    expect(await Promise.all(waiting)).toEqual([1, 2])
  })
})
