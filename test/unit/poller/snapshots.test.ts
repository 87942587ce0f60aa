import { describe, expect, it } from 'vitest'
import {
  changedSnapshots,
  SNAPSHOT_REFRESH_MS,
  type SnapshotMemory,
} from '../../../src/poller/snapshots.ts'
import type { PollData } from '../../../src/poller/run-poll.ts'
import { parseResource } from '../../../src/routeros/commands/system-resource.ts'
import { parseInterfaces } from '../../../src/routeros/commands/interface.ts'

function data(rx: string, running = 'true'): PollData {
  return {
    identity: { name: 'r1' },
    resource: parseResource([{ version: '7.16 (stable)', uptime: '1h' }]),
    interfaces: parseInterfaces([{ name: 'ether1', 'rx-byte': rx, 'tx-byte': '1', running }]),
  }
}

describe('changedSnapshots', () => {
  it('writes everything first, then only what changed beyond volatile counters', () => {
    const mem: SnapshotMemory = { hashes: new Map(), writtenAt: new Map() }
    const first = changedSnapshots(data('10'), mem, 0)
    expect(first.map((s) => s.kind)).toEqual(['resource', 'interfaces'])
    expect(JSON.parse(first[1]?.json ?? '')[0].rxByte).toBe('10')
    expect(changedSnapshots(data('99999'), mem, 1000)).toEqual([])
    expect(changedSnapshots(data('99999', 'false'), mem, 2000).map((s) => s.kind)).toEqual([
      'interfaces',
    ])
  })

  it('rewrites an unchanged snapshot after the refresh period', () => {
    const mem: SnapshotMemory = { hashes: new Map(), writtenAt: new Map() }
    changedSnapshots(data('1'), mem, 0)
    expect(changedSnapshots(data('1'), mem, SNAPSHOT_REFRESH_MS).map((s) => s.kind)).toEqual([
      'resource',
      'interfaces',
    ])
  })
})
