// Edge side (issue 20): metrics travel to the central as 5-minute averages, not every poll's
// samples. Each device's points are averaged per bucket; a bucket's rollup rides on the first
// poll entry of the next bucket (so it is only sent complete). Batches work on a copy that is
// kept only once the central accepted the batch, so a failed send never counts a poll twice; a
// restart forgets the open bucket (at most five minutes of averages per device).
import type { MetricPoint } from '../metrics/index.ts'

export const ROLLUP_MS = 5 * 60_000

interface Open {
  bucket: number
  sums: Map<string, { point: MetricPoint; sum: number; n: number }>
}

export class MetricRollup {
  readonly #open: Map<string, Open>

  constructor(open = new Map<string, Open>()) {
    this.#open = open
  }

  /** A copy to build one batch with. */
  fork(): MetricRollup {
    const copy = new Map<string, Open>()
    for (const [k, o] of this.#open)
      copy.set(k, { bucket: o.bucket, sums: new Map([...o.sums].map(([m, s]) => [m, { ...s }])) })
    return new MetricRollup(copy)
  }

  /** Adds one poll's points; answers the closed bucket's averages when this poll opens a new one. */
  add(
    deviceId: string,
    at: number,
    points: readonly MetricPoint[],
  ): { at: number; points: MetricPoint[] } | undefined {
    const bucket = Math.floor(at / ROLLUP_MS)
    const cur = this.#open.get(deviceId)
    let closed: { at: number; points: MetricPoint[] } | undefined
    if (cur !== undefined && cur.bucket !== bucket) {
      closed = {
        at: cur.bucket * ROLLUP_MS,
        points: [...cur.sums.values()].map((s) => ({
          ...s.point,
          value: Math.round((s.sum / s.n) * 100) / 100,
        })),
      }
    }
    const open = cur !== undefined && cur.bucket === bucket ? cur : { bucket, sums: new Map() }
    for (const p of points) {
      const key = `${p.metric}\u0000${p.label ?? ''}`
      const s = open.sums.get(key)
      if (s) {
        s.sum += p.value
        s.n++
      } else open.sums.set(key, { point: p, sum: p.value, n: 1 })
    }
    this.#open.set(deviceId, open)
    return closed
  }
}
