import { describe, expect, it } from 'vitest'
import { PollSchedule } from '../../../src/poller/poll-schedule.ts'

const MIN = 60_000

describe('PollSchedule', () => {
  it('polls a device added with immediate right away, then once per interval', () => {
    const s = new PollSchedule({ maxConcurrent: 10 })
    s.upsert('a', MIN, 1000, { immediate: true })
    expect(s.takeDue(1000).map((j) => j.key)).toEqual(['a'])
    expect(s.takeDue(1000)).toEqual([])
    const next = s.complete('a', true, 1500) as number
    expect(next - 1500).toBeGreaterThan(0)
    expect(next - 1500).toBeLessThanOrEqual(MIN)
    expect(s.takeDue(next - 1)).toEqual([])
    expect(s.takeDue(next)).toEqual([{ key: 'a', dueAt: next }])
    const after = s.complete('a', true, next + 200) as number
    expect(after).toBe(next + MIN)
  })

  it('never runs more polls at once than the concurrency limit', () => {
    const s = new PollSchedule({ maxConcurrent: 3 })
    for (let i = 0; i < 10; i++) s.upsert(`d${i}`, MIN, 0, { immediate: true })
    expect(s.takeDue(0)).toHaveLength(3)
    expect(s.takeDue(0)).toHaveLength(0)
    s.complete('d0', true, 10)
    const more = s.takeDue(10)
    expect(more).toHaveLength(1)
    expect(s.running).toBe(3)
  })

  it('hands out due devices earliest first', () => {
    const s = new PollSchedule({ maxConcurrent: 100 })
    for (let i = 0; i < 50; i++) s.upsert(`d${i}`, MIN, 0)
    const jobs = s.takeDue(MIN)
    expect(jobs).toHaveLength(50)
    const dues = jobs.map((j) => j.dueAt)
    expect(dues).toEqual([...dues].sort((a, b) => a - b))
  })

  it('backs off after five failures, doubling, and resets on success', () => {
    const s = new PollSchedule({ maxConcurrent: 1 })
    s.upsert('a', MIN, 0, { immediate: true })
    let now = 0
    const gaps: number[] = []
    for (let i = 0; i < 7; i++) {
      const [job] = s.takeDue(now)
      expect(job?.key).toBe('a')
      const next = s.complete('a', false, now) as number
      gaps.push(next - now)
      now = next
    }
    // failures 1-4: one interval; 5: +30 s; 6: +60 s; 7: +120 s
    expect(gaps.slice(1, 4)).toEqual([MIN, MIN, MIN])
    expect(gaps.slice(4)).toEqual([MIN + 30_000, MIN + 60_000, MIN + 120_000])
    expect(s.failures('a')).toBe(7)
    s.takeDue(now)
    s.complete('a', true, now)
    expect(s.failures('a')).toBe(0)
  })

  it('keeps the failure count and the phase slot for a poll that was not counted', () => {
    const s = new PollSchedule({ maxConcurrent: 10 })
    s.upsert('a', MIN, 0, { immediate: true })
    let now = 0
    for (let i = 0; i < 20; i++) {
      s.takeDue(now)
      const next = s.complete('a', 'not_counted', now + 10) as number
      expect(next - (now + 10)).toBeLessThanOrEqual(MIN)
      now = next
    }
    expect(s.failures('a')).toBe(0)
  })

  it('drops a device removed while its poll runs', () => {
    const s = new PollSchedule({ maxConcurrent: 5 })
    s.upsert('a', MIN, 0, { immediate: true })
    s.takeDue(0)
    s.remove('a')
    expect(s.complete('a', true, 5)).toBeUndefined()
    expect(s.has('a')).toBe(false)
    expect(s.running).toBe(0)
    expect(s.nextDueAt()).toBeUndefined()
  })

  it('re-slots a waiting device when its interval changes and pollSoon makes it due now', () => {
    const s = new PollSchedule({ maxConcurrent: 5 })
    s.upsert('a', 3_600_000, 0)
    expect(s.dueAt('a')).toBeGreaterThan(0)
    s.upsert('a', 10_000, 0)
    expect(s.dueAt('a')).toBeLessThanOrEqual(10_000)
    s.pollSoon('a', 5)
    expect(s.takeDue(5)).toEqual([{ key: 'a', dueAt: 5 }])
  })
})
