// The MNDP listener (UDP 5678): hears RouterOS announcements on the appliance's segments and
// keeps the latest per MAC and sender address in discovery_sightings. The sender address, not the
// address a packet claims, decides where it appears: a tenant sees a sighting only when the sender
// is inside one of its ranges, so a forged announcement cannot plant an entry in someone's queue
// from outside it. Writes are bounded (one per router per WRITE_EVERY_MS, MAX_WRITES_PER_S in
// total), so a flood costs parse time only. Started and stopped by startup.ts.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram'
import type { GlobalDb } from '../db/global-db.ts'
import type { Logger } from '../log.ts'
import { newId } from '../lib/ids.ts'
import { ipv4ToInt } from './cidr.ts'
import { parseMndp, type MndpAnnouncement } from './mndp-parse.ts'
import { deleteSightingsBefore, upsertSighting } from './ranges.repo.ts'

const WRITE_EVERY_MS = 10_000
const MAX_WRITES_PER_S = 200
const MAX_REMEMBERED = 20_000
const KEEP_MS = 7 * 24 * 3600_000
const PRUNE_EVERY_MS = 3600_000

export interface MndpStats {
  received: number
  stored: number
  rejected: number
  /** the last reason a packet was refused (truncated, repeated field, …) */
  lastRejected: string | null
}

export interface MndpListener {
  readonly port: number
  stats(): MndpStats
  stop(): Promise<void>
}

/** A usable unicast sender: not 0.0.0.0 (an unconfigured router), broadcast or multicast. */
function senderOf(r: RemoteInfo): { address: string; int: number } | undefined {
  const address = r.address.startsWith('::ffff:') ? r.address.slice(7) : r.address
  const int = ipv4ToInt(address)
  if (int === undefined || int === 0 || int === 0xffffffff || int >>> 28 === 14) return undefined
  return { address, int }
}

/**
 * @example const l = await startMndpListener({ host: '0.0.0.0', port: 5678, db, log, now })
 */
export async function startMndpListener(o: {
  host: string
  port: number
  db: GlobalDb
  log: Logger
  now: () => number
}): Promise<MndpListener> {
  const stats: MndpStats = { received: 0, stored: 0, rejected: 0, lastRejected: null }
  const lastWrite = new Map<string, number>()
  let second = 0
  let writesThisSecond = 0
  let lastPrune = 0
  const reject = (reason: string) => {
    stats.rejected++
    stats.lastRejected = reason
  }
  const store = async (a: MndpAnnouncement, sender: { address: string; int: number }) => {
    const now = o.now()
    const key = `${a.mac} ${sender.address}`
    if (now - (lastWrite.get(key) ?? -Infinity) < WRITE_EVERY_MS) return
    const s = Math.floor(now / 1000)
    if (s !== second) [second, writesThisSecond] = [s, 0]
    if (++writesThisSecond > MAX_WRITES_PER_S) return
    if (lastWrite.size >= MAX_REMEMBERED) lastWrite.clear()
    lastWrite.set(key, now)
    await upsertSighting(o.db, {
      id: newId(now),
      mac: a.mac,
      address: sender.address,
      address_int: sender.int,
      identity: a.identity ?? null,
      version: a.version ?? null,
      platform: a.platform ?? null,
      board: a.board ?? null,
      software_id: a.softwareId ?? null,
      interface_name: a.interfaceName ?? null,
      announced_ipv4: a.ipv4 ?? null,
      ipv6: a.ipv6 ?? null,
      uptime_s: a.uptimeS ?? null,
      first_seen_at: now,
      last_seen_at: now,
    })
    stats.stored++
    if (now - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now
      await deleteSightingsBefore(o.db, now - KEEP_MS)
    }
  }
  const sock: Socket = createSocket({ type: 'udp4', reuseAddr: true })
  sock.on('message', (msg, rinfo) => {
    stats.received++
    const sender = senderOf(rinfo)
    if (!sender) return reject('sender is not a unicast IPv4 address')
    const parsed = parseMndp(msg)
    if (!parsed.ok) return reject(parsed.reason)
    store(parsed.value, sender).catch((err: unknown) =>
      o.log.warn({ err }, 'mndp sighting not stored'),
    )
  })
  sock.on('error', (err) => o.log.warn({ err }, 'mndp listener error'))
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject)
    sock.bind(o.port, o.host, () => {
      sock.off('error', reject)
      resolve()
    })
  })
  return {
    port: sock.address().port,
    stats: () => ({ ...stats }),
    stop: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  }
}
