import { describe, expect, it } from 'vitest'
import { DueHeap } from '../../../src/poller/due-heap.ts'

function drain(h: DueHeap): number[] {
  const out: number[] = []
  for (let e = h.popDue(Infinity); e !== undefined; e = h.popDue(Infinity)) out.push(e.dueAt)
  return out
}

describe('DueHeap', () => {
  it('pops entries in due order for random input', () => {
    const h = new DueHeap()
    const values: number[] = []
    let seed = 7
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      values.push(seed % 10_000)
      h.set(`d${i}`, seed % 10_000)
    }
    expect(drain(h)).toEqual([...values].sort((a, b) => a - b))
  })

  it('moves an existing key up and down when set again', () => {
    const h = new DueHeap()
    for (let i = 0; i < 10; i++) h.set(`d${i}`, i * 10)
    h.set('d9', -1)
    h.set('d0', 1000)
    expect(h.peek()).toEqual({ key: 'd9', dueAt: -1 })
    expect(h.size).toBe(10)
    expect(drain(h).at(-1)).toBe(1000)
  })

  it('deletes from the middle and keeps the order', () => {
    const h = new DueHeap()
    for (let i = 0; i < 20; i++) h.set(`d${i}`, (i * 7) % 20)
    expect(h.delete('d3')).toBe(true)
    expect(h.delete('missing')).toBe(false)
    expect(h.has('d3')).toBe(false)
    const out = drain(h)
    expect(out).toHaveLength(19)
    expect(out).toEqual([...out].sort((a, b) => a - b))
  })

  it('popDue returns nothing before the earliest due time', () => {
    const h = new DueHeap()
    h.set('a', 100)
    expect(h.popDue(99)).toBeUndefined()
    expect(h.popDue(100)).toEqual({ key: 'a', dueAt: 100 })
  })
})
