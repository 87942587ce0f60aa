import type { DeviceSnapshotKind } from '../db/schema-poller.ts'
import type { PollData } from './run-poll.ts'

/** Fields that move on every poll; left out of the change check so unchanged lists aren't rewritten. */
const VOLATILE = new Set([
  'rxByte',
  'txByte',
  'rxPacket',
  'txPacket',
  'rxDrop',
  'txDrop',
  'rxError',
  'txError',
  'rxBytes',
  'txBytes',
  'uptimeSeconds',
  'lastActivitySeconds',
  'ageSeconds',
  'expiresAfterSeconds',
  'lastSeenSeconds',
  'signal',
  'signalToNoise',
  'txCcq',
  'txRate',
  'rxRate',
  'cpuLoadPercent',
  'freeMemory',
  'freeHddSpace',
  'value',
])
const SNAPSHOT_KINDS: readonly DeviceSnapshotKind[] = [
  'resource',
  'routerboard',
  'health',
  'interfaces',
  'wireless',
  'dhcp_leases',
  'neighbours',
  'addresses',
  'routes',
  'package_update',
]
/** Even an unchanged list is rewritten this often, so volatile fields stay reasonably fresh. */
export const SNAPSHOT_REFRESH_MS = 5 * 60_000

const toJson = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)
const toStable = (k: string, v: unknown) => (VOLATILE.has(k) ? undefined : toJson(k, v))

function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

export interface SnapshotMemory {
  hashes: Map<DeviceSnapshotKind, number>
  writtenAt: Map<DeviceSnapshotKind, number>
}

/**
 * The snapshots worth writing after a poll: those whose stable content changed, or that are older
 * than SNAPSHOT_REFRESH_MS. Updates `mem` as if they were written.
 */
export function changedSnapshots(
  data: PollData,
  mem: SnapshotMemory,
  now: number,
): { kind: DeviceSnapshotKind; json: string }[] {
  const out: { kind: DeviceSnapshotKind; json: string }[] = []
  for (const kind of SNAPSHOT_KINDS) {
    const value = data[kind]
    if (value === undefined) continue
    const h = hash(JSON.stringify(value, toStable))
    const stale = now - (mem.writtenAt.get(kind) ?? -Infinity) >= SNAPSHOT_REFRESH_MS
    if (mem.hashes.get(kind) === h && !stale) continue
    mem.hashes.set(kind, h)
    mem.writtenAt.set(kind, now)
    out.push({ kind, json: JSON.stringify(value, toJson) })
  }
  return out
}
