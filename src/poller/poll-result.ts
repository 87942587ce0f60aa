import type { MetricPoint } from '../metrics/index.ts'
import { factEvents, statusEvents, type DeviceEvent, type DeviceFacts } from './change-events.ts'
import type { DeviceStatus } from './device-status.ts'
import { deriveStatus, type PollOutcome } from './outcome.ts'
import { pollMetrics } from './poll-metrics.ts'
import { computeRates, type CounterReading } from './rates.ts'
import type { PollData } from './run-poll.ts'

/** What the poller keeps in memory per device between polls. */
export interface DeviceMemory {
  status: DeviceStatus
  facts: DeviceFacts | undefined
  counters: CounterReading | undefined
}

/** Columns of the device row the poller writes. */
export interface DeviceRowPatch {
  last_status: Exclude<DeviceStatus, 'unknown'>
  last_error: string | null
  last_polled_at: number
  last_seen_at?: number
  identity?: string
  version?: string
  board?: string | null
  serial?: string | null
}

export interface PollResult {
  memory: DeviceMemory
  patch: DeviceRowPatch
  events: DeviceEvent[]
  points: MetricPoint[]
}

function counterReading(data: PollData, at: number): CounterReading | undefined {
  if (data.interfaces === undefined || data.resource.uptimeSeconds === undefined) return undefined
  const counters = new Map<string, { rxBytes: bigint; txBytes: bigint }>()
  for (const i of data.interfaces) {
    // a port without link moves no traffic: storing its zero rate every minute only costs disk
    if (i.running && i.rxByte !== undefined && i.txByte !== undefined) {
      counters.set(i.name, { rxBytes: i.rxByte, txBytes: i.txByte })
    }
  }
  return { at, uptimeS: data.resource.uptimeSeconds, counters }
}

/**
 * Turns a poll outcome into everything to store: the row patch, events (status transitions,
 * reboot, version and identity changes), metric points (rates from counter deltas; none across
 * a reboot) and the memory for the next poll. Pure, so every transition is unit-tested.
 */
export function summarizePoll(prev: DeviceMemory, outcome: PollOutcome<PollData>): PollResult {
  const status = deriveStatus(outcome)
  if (outcome.status !== 'ok') {
    return {
      memory: { ...prev, status },
      patch: { last_status: status, last_error: outcome.reason, last_polled_at: outcome.at },
      events: statusEvents(prev.status, status, outcome.reason),
      points: [],
    }
  }
  const { data, at } = outcome
  const facts: DeviceFacts = {
    at,
    uptimeS: data.resource.uptimeSeconds ?? 0,
    identity: data.identity.name,
    version: data.resource.version,
  }
  const counters = counterReading(data, at)
  const rates =
    prev.counters !== undefined && counters !== undefined
      ? computeRates(prev.counters, counters)
      : []
  const failed = outcome.failures.map((f) => `${f.kind}: ${f.reason}`).join('; ')
  const patch: DeviceRowPatch = {
    last_status: status,
    last_error: failed === '' ? null : failed,
    last_polled_at: at,
    last_seen_at: at,
    identity: facts.identity,
    version: facts.version,
    board: data.routerboard?.model ?? data.resource.boardName ?? null,
  }
  if (data.routerboard !== undefined) patch.serial = data.routerboard.serialNumber ?? null
  return {
    memory: { status, facts, counters: counters ?? prev.counters },
    patch,
    events: [...statusEvents(prev.status, status), ...factEvents(prev.facts, facts)],
    points: pollMetrics(data, rates),
  }
}
