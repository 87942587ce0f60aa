import { describe, expect, it } from 'vitest'
import { summarizePoll, type DeviceMemory } from '../../../src/poller/poll-result.ts'
import type { PollData } from '../../../src/poller/run-poll.ts'
import type { PollOutcome } from '../../../src/poller/outcome.ts'
import { parseResource } from '../../../src/routeros/commands/system-resource.ts'
import { parseInterfaces } from '../../../src/routeros/commands/interface.ts'

const fresh: DeviceMemory = { status: 'unknown', facts: undefined, counters: undefined }

function ok(
  at: number,
  uptime: string,
  rx: string,
  extra: Partial<PollData> = {},
): PollOutcome<PollData> {
  const data: PollData = {
    identity: { name: 'core-1' },
    resource: parseResource([
      {
        uptime,
        version: '7.15.2 (stable)',
        'cpu-load': '12',
        'free-memory': '750',
        'total-memory': '1000',
        'board-name': 'RB5009UPr+S+',
      },
    ]),
    interfaces: parseInterfaces([
      { name: 'ether1', 'rx-byte': rx, 'tx-byte': '0', running: 'true', disabled: 'false' },
    ]),
    ...extra,
  }
  return { status: 'ok', at, durationMs: 5, data, failures: [] }
}

describe('summarizePoll', () => {
  it('marks the first good poll online with facts, a came-online event and metrics', () => {
    const r = summarizePoll(fresh, ok(0, '1h', '0'))
    expect(r.patch).toMatchObject({
      last_status: 'online',
      last_error: null,
      last_seen_at: 0,
      identity: 'core-1',
      board: 'RB5009UPr+S+',
    })
    expect(r.events.map((e) => e.kind)).toEqual(['came_online'])
    expect(r.points).toContainEqual({ metric: 'cpu', value: 12 })
    expect(r.points).toContainEqual({ metric: 'mem_used', value: 25 })
    expect(r.points.some((p) => p.metric === 'if_rx')).toBe(false)
  })

  it('computes interface rates on the next poll', () => {
    const first = summarizePoll(fresh, ok(0, '1h', '0'))
    const second = summarizePoll(first.memory, ok(60_000, '1h1m', '7500000'))
    expect(second.points).toContainEqual({ metric: 'if_rx', label: 'ether1', value: 1_000_000 })
    expect(second.events).toEqual([])
  })

  it('reports a reboot and stores no rate across it', () => {
    const first = summarizePoll(fresh, ok(0, '10d', '900000000000'))
    const second = summarizePoll(first.memory, ok(60_000, '20s', '5000'))
    expect(second.events.map((e) => e.kind)).toEqual(['rebooted'])
    expect(second.points.some((p) => p.metric === 'if_rx')).toBe(false)
    const third = summarizePoll(second.memory, ok(120_000, '1m20s', '7505000'))
    expect(third.points).toContainEqual({ metric: 'if_rx', label: 'ether1', value: 1_000_000 })
  })

  it('goes offline with the reason and keeps the last facts', () => {
    const first = summarizePoll(fresh, ok(0, '1h', '0'))
    const down = summarizePoll(first.memory, {
      status: 'unreachable',
      at: 60_000,
      durationMs: 10,
      reason: 'Connection refused',
      code: 'refused',
    })
    expect(down.patch).toEqual({
      last_status: 'offline',
      last_error: 'Connection refused',
      last_polled_at: 60_000,
    })
    expect(down.events.map((e) => e.kind)).toEqual(['went_offline'])
    expect(down.memory.facts).toEqual(first.memory.facts)
  })

  it('is degraded with the failed collectors in plain words', () => {
    const o = ok(0, '1h', '0')
    if (o.status === 'ok') o.failures.push({ kind: 'health', reason: 'A command took too long' })
    const r = summarizePoll(fresh, o)
    expect(r.patch.last_status).toBe('degraded')
    expect(r.patch.last_error).toBe('health: A command took too long')
  })
})

describe('summarizePoll interface filtering', () => {
  it('stores no rate for a port without link', () => {
    const mk = (at: number, up: string, rx: string): PollOutcome<PollData> => ({
      status: 'ok',
      at,
      durationMs: 1,
      failures: [],
      data: {
        identity: { name: 'r' },
        resource: parseResource([{ uptime: up, version: '7.16 (stable)' }]),
        interfaces: parseInterfaces([
          { name: 'ether1', 'rx-byte': rx, 'tx-byte': '0', running: 'true' },
          { name: 'ether5', 'rx-byte': '0', 'tx-byte': '0', running: 'false' },
        ]),
      },
    })
    const first = summarizePoll(fresh, mk(0, '1h', '0'))
    const second = summarizePoll(first.memory, mk(60_000, '1h1m', '600'))
    expect(second.points.filter((p) => p.metric === 'if_rx').map((p) => p.label)).toEqual([
      'ether1',
    ])
  })
})
