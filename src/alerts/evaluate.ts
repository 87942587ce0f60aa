// The evaluator: pure, in-memory, synchronous. It sees every poll result (status + metric points)
// and every device event, keeps per (device, rule, label) how long a condition has held, and
// returns the transitions (open / resolve) for the engine to store. No I/O here, so the cost per
// poll is a few map lookups per rule (test/bench/alerts.bench.ts) and every case is unit-tested.
import type { MetricPoint } from '../metrics/index.ts'
import { RULE_KINDS, SYSLOG_QUIET_S, syslogMatcher, type Rule } from './rules.ts'

/** Where a device sits, for rule scopes. */
export interface DevicePlace {
  siteId: string | null
  tagIds: readonly string[]
}

/** A stored syslog line as a syslog_pattern rule reads it. */
export interface SyslogLine {
  at: number
  severity: number
  msg: string
}

export type Transition =
  | {
      type: 'open'
      deviceId: string
      rule: Rule
      label: string | null
      value: number | null
      at: number
      text?: string
    }
  | {
      type: 'resolve'
      deviceId: string
      rule: Rule
      label: string | null
      value: number | null
      at: number
    }

interface Track {
  /** first time the condition held in the current run */
  since: number | undefined
  /** consecutive polls it held */
  count: number
  openedAt: number | undefined
}

const SPECIFICITY = { tenant: 0, site: 1, tag: 2, device: 3 } as const

function applies(rule: Rule, deviceId: string, place: DevicePlace): boolean {
  switch (rule.scopeKind) {
    case 'tenant':
      return true
    case 'site':
      return rule.scopeId !== null && rule.scopeId === place.siteId
    case 'tag':
      return rule.scopeId !== null && place.tagIds.includes(rule.scopeId)
    case 'device':
      return rule.scopeId === deviceId
  }
}

/**
 * The rules that apply to one device. Per kind and label the most specific scope wins (device over
 * tag over site over tenant), so a device rule overrides the tenant default and a disabled device
 * rule mutes the kind on that device.
 */
export function effectiveRules(
  rules: readonly Rule[],
  deviceId: string,
  place: DevicePlace,
): Rule[] {
  const best = new Map<string, number>()
  const matching = rules.filter((r) => applies(r, deviceId, place))
  for (const r of matching) {
    const key = `${r.kind}|${r.label ?? ''}`
    best.set(key, Math.max(best.get(key) ?? -1, SPECIFICITY[r.scopeKind]))
  }
  return matching.filter(
    (r) => r.enabled && best.get(`${r.kind}|${r.label ?? ''}`) === SPECIFICITY[r.scopeKind],
  )
}

function breaches(rule: Rule, value: number): boolean {
  return rule.comparison === '>' ? value > rule.threshold : value < rule.threshold
}

/** Hysteresis: the value must come back past the threshold by `hysteresis` to clear. */
function clears(rule: Rule, value: number): boolean {
  return rule.comparison === '>'
    ? value <= rule.threshold - rule.hysteresis
    : value >= rule.threshold + rule.hysteresis
}

const matchers = new WeakMap<Rule, (msg: string) => boolean>()

/** Rules are reloaded as new objects when they change, so a matcher is built once per rule object. */
function matcherOf(rule: Rule): (msg: string) => boolean {
  let m = matchers.get(rule)
  if (m === undefined) matchers.set(rule, (m = syslogMatcher(rule.label ?? '')))
  return m
}

function quietMs(rule: Rule): number {
  return (rule.durationS > 0 ? rule.durationS : SYSLOG_QUIET_S) * 1000
}

export class AlertEvaluator {
  /** deviceId → `${ruleId}|${label}` → track */
  readonly #tracks = new Map<string, Map<string, Track>>()

  #track(deviceId: string, key: string): Track {
    let dev = this.#tracks.get(deviceId)
    if (dev === undefined) {
      dev = new Map()
      this.#tracks.set(deviceId, dev)
    }
    let t = dev.get(key)
    if (t === undefined) {
      t = { since: undefined, count: 0, openedAt: undefined }
      dev.set(key, t)
    }
    return t
  }

  /** An alert that is open in the database (after a restart). */
  seedOpen(deviceId: string, ruleId: string, label: string | null, openedAt: number): void {
    const t = this.#track(deviceId, `${ruleId}|${label ?? ''}`)
    t.openedAt = openedAt
    t.since = openedAt
  }

  /** Forgets one track (the alert was resolved by hand or its rule deleted). */
  forget(deviceId: string, ruleId: string, label: string | null): void {
    this.#tracks.get(deviceId)?.delete(`${ruleId}|${label ?? ''}`)
  }

  forgetDevice(deviceId: string): void {
    this.#tracks.delete(deviceId)
  }

  #step(
    out: Transition[],
    deviceId: string,
    rule: Rule,
    label: string | null,
    value: number,
    at: number,
    bad: boolean,
    good: boolean,
  ): void {
    const t = this.#track(deviceId, `${rule.id}|${label ?? ''}`)
    if (bad) {
      t.since ??= at
      t.count++
      if (
        t.openedAt === undefined &&
        t.count >= rule.polls &&
        at - t.since >= rule.durationS * 1000
      ) {
        t.openedAt = at
        out.push({ type: 'open', deviceId, rule, label, value, at })
      }
      return
    }
    t.since = undefined
    t.count = 0
    if (t.openedAt !== undefined && good) {
      t.openedAt = undefined
      out.push({ type: 'resolve', deviceId, rule, label, value, at })
    }
  }

  /** One poll result of a device: status and metric points (none when the poll failed). */
  polled(
    rules: readonly Rule[],
    deviceId: string,
    status: string,
    points: readonly MetricPoint[],
    at: number,
  ): Transition[] {
    const out: Transition[] = []
    for (const rule of rules) {
      const source = RULE_KINDS[rule.kind].source
      if (source.type === 'status') {
        const bad = (source.statuses as readonly string[]).includes(status)
        this.#step(out, deviceId, rule, null, 0, at, bad, !bad && status !== 'unknown')
      } else if (source.type === 'metric') {
        for (const p of points) {
          if (p.metric !== source.metric) continue
          if (rule.label !== null && p.label !== rule.label) continue
          this.#step(
            out,
            deviceId,
            rule,
            p.label ?? null,
            p.value,
            at,
            breaches(rule, p.value),
            clears(rule, p.value),
          )
        }
      } else if (source.type === 'syslog') {
        // a pattern alert resolves once no matching line came for the quiet period
        const t = this.#tracks.get(deviceId)?.get(`${rule.id}|`)
        if (t?.openedAt !== undefined && at - (t.since ?? t.openedAt) >= quietMs(rule)) {
          t.openedAt = undefined
          t.since = undefined
          out.push({ type: 'resolve', deviceId, rule, label: null, value: null, at })
        }
      } else {
        // event alerts resolve by themselves once they are durationS old
        const t = this.#tracks.get(deviceId)?.get(`${rule.id}|`)
        if (t?.openedAt !== undefined && at - t.openedAt >= rule.durationS * 1000) {
          t.openedAt = undefined
          out.push({ type: 'resolve', deviceId, rule, label: null, value: null, at })
        }
      }
    }
    return out
  }

  /** A batch of stored syslog lines of a device: opens the syslog_pattern rules one of them matches. */
  syslog(rules: readonly Rule[], deviceId: string, lines: readonly SyslogLine[]): Transition[] {
    const out: Transition[] = []
    for (const rule of rules) {
      if (RULE_KINDS[rule.kind].source.type !== 'syslog' || rule.label === null) continue
      const matches = matcherOf(rule)
      const hit = lines.findLast((l) => l.severity <= rule.threshold && matches(l.msg))
      if (hit === undefined) continue
      const t = this.#track(deviceId, `${rule.id}|`)
      t.since = Math.max(t.since ?? 0, hit.at)
      if (t.openedAt !== undefined) continue
      t.openedAt = hit.at
      out.push({
        type: 'open',
        deviceId,
        rule,
        label: null,
        value: null,
        at: hit.at,
        text: hit.msg,
      })
    }
    return out
  }

  /** A device event (`rebooted`, `config.changed`, …): opens the event rules listening for it. */
  event(rules: readonly Rule[], deviceId: string, name: string, at: number): Transition[] {
    const out: Transition[] = []
    for (const rule of rules) {
      const source = RULE_KINDS[rule.kind].source
      if (source.type !== 'event' || !(source.events as readonly string[]).includes(name)) continue
      const t = this.#track(deviceId, `${rule.id}|`)
      if (t.openedAt !== undefined) continue
      t.openedAt = at
      out.push({ type: 'open', deviceId, rule, label: null, value: null, at })
    }
    return out
  }
}
