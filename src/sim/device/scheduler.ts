/**
 * `/system/scheduler` on the device clock: each enabled job gets one entry in the clock's shared
 * timer heap; when it fires, its `on-event` runs as a script (or names a `/system/script`).
 */
import type { SimRouter } from './device.ts'
import { runScript } from './script.ts'
import type { ConfigItem } from './tree.ts'
import { ALL_POLICIES } from './users.ts'
import { parseDate, parseDuration, parseTimeOfDay } from './version.ts'

const DAY = 86_400_000

/** Next due time of a job at `now`, or undefined when it will not run again. */
export function nextRun(
  item: ConfigItem,
  now: number,
  bootAt: number,
  lastRun: number | undefined,
  atBoot = false,
): number | undefined {
  const p = item.props
  if (p.disabled === 'true') return undefined
  const interval = parseDuration(p.interval ?? '0s') ?? 0
  let first: number
  if ((p['start-time'] ?? 'startup') === 'startup') {
    first = bootAt
  } else {
    const tod = parseTimeOfDay(p['start-time'] ?? '') ?? 0
    const date = p['start-date'] ? parseDate(p['start-date']) : Math.floor(now / DAY) * DAY
    if (date === undefined) return undefined
    first = date + tod
  }
  const after = Math.max(now, lastRun === undefined ? -Infinity : lastRun + 1)
  if (interval <= 0) {
    if (lastRun !== undefined && lastRun >= first) return undefined
    if ((p['start-time'] ?? 'startup') === 'startup') return atBoot ? now : undefined
    return first < now ? undefined : first
  }
  if (first >= after) return first
  return first + Math.ceil((after - first) / interval) * interval
}

export class Scheduler {
  private readonly dev: SimRouter
  private cancels = new Map<string, () => void>()
  readonly next = new Map<string, number>()

  constructor(dev: SimRouter) {
    this.dev = dev
  }

  stop(): void {
    for (const c of this.cancels.values()) c()
    this.cancels.clear()
    this.next.clear()
  }

  /** Recomputes every job's timer (after any change to /system/scheduler or a boot). */
  refresh(atBoot = false): void {
    this.stop()
    if (this.dev.state !== 'up') return
    for (const item of this.dev.tree.list('/system/scheduler')) this.arm(item, atBoot)
  }

  onBoot(): void {
    this.refresh(true)
  }

  private arm(item: ConfigItem, atBoot = false): void {
    const dev = this.dev
    const at = nextRun(
      item,
      dev.clock.now(),
      dev.bootAt,
      dev.jobInfo('/system/scheduler', item.id).last,
      atBoot,
    )
    if (at === undefined) return
    this.next.set(item.id, at)
    this.cancels.set(
      item.id,
      dev.clock.setTimer(at, () => this.fire(item.id)),
    )
  }

  private fire(id: string): void {
    const dev = this.dev
    this.cancels.delete(id)
    this.next.delete(id)
    const item = dev.tree.get('/system/scheduler', id)
    if (!item || dev.state !== 'up') return
    dev.noteJobRun('/system/scheduler', id)
    const onEvent = item.props['on-event'] ?? ''
    const script = dev.tree.list('/system/script').find((s) => s.props.name === onEvent)
    if (script) dev.noteJobRun('/system/script', script.id)
    const after = runScript(dev, script ? (script.props.source ?? '') : onEvent, {
      user: item.props.owner ?? 'admin',
      policies: ALL_POLICIES,
    })
    if (after) after()
    const still = dev.tree.get('/system/scheduler', id)
    if (still && dev.state === 'up' && !this.cancels.has(id)) this.arm(still)
  }
}
