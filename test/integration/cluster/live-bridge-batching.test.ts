// The live bridge's wire on a real PostgreSQL (issue 20): a burst of events leaves a process as
// a few NOTIFYs, each under the 8000-byte limit and at least ~250 ms after the previous batch;
// polls lose their metric points and repeat polls of a device coalesce; the other process emits
// every event on its `remote` bus, never on its local one, and a process ignores its own messages.
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  ClusterBus,
  LIVE_CHANNEL,
  LiveBridge,
  MAX_PAYLOAD_BYTES,
} from '../../../src/cluster/index.ts'
import { createSilentLogger } from '../../../src/log.ts'
import { EventBus, type PollerEventMap } from '../../../src/poller/index.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import {
  clusterKysely,
  clusterPool,
  createClusterDatabase,
  type ClusterDb,
} from '../../support/cluster-pg.ts'

let server: TestPostgres
let url: string
const dbs: ClusterDb[] = []
const stops: (() => Promise<void>)[] = []

beforeAll(async () => {
  server = await startPostgres()
  url = await createClusterDatabase(server, 'bridge')
}, 60_000)
afterAll(async () => {
  for (const s of stops) await s()
  for (const db of dbs) await db.destroy()
  server?.stop()
})

function clusterBus(): ClusterBus {
  const db = clusterKysely(clusterPool(url, 2))
  dbs.push(db)
  const bus = new ClusterBus({ client: { connectionString: url }, db, log: createSilentLogger() })
  stops.push(() => bus.stop())
  return bus
}

async function bridge(nodeId: string): Promise<{ local: EventBus; bridge: LiveBridge }> {
  const local = new EventBus()
  const b = new LiveBridge({ bus: clusterBus(), local, nodeId, log: createSilentLogger() })
  await b.start()
  stops.push(() => b.stop())
  return { local, bridge: b }
}

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

it('batches, splits and slims what crosses, and delivers it on the remote bus only', async () => {
  const one = await bridge('node-one')
  const two = await bridge('node-two')
  // a raw listener on the channel: one message is one NOTIFY
  const wire: { bytes: number; at: number; ids: string[] }[] = []
  const tap = clusterBus()
  // subscribed before start: the LISTEN is in place when start() returns
  tap.subscribe(LIVE_CHANNEL, (m) =>
    wire.push({
      bytes: Buffer.byteLength(JSON.stringify(m)),
      at: Date.now(),
      ids: (m as { e: [string, { deviceId?: string }][] }).e.map(([, p]) => p.deviceId ?? ''),
    }),
  )
  await tap.start()
  const onWire = () => wire.reduce((n, w) => n + w.ids.length, 0)
  const remoteTwo: PollerEventMap['device.event'][] = []
  const polledTwo: PollerEventMap['device.polled'][] = []
  two.bridge.remote.on('device.event', (e) => remoteTwo.push(e))
  two.bridge.remote.on('device.polled', (e) => polledTwo.push(e))
  let localTwo = 0
  two.local.on('device.event', () => localTwo++)
  two.local.on('device.polled', () => localTwo++)
  let ownEcho = 0
  one.bridge.remote.on('device.event', () => ownEcho++)
  one.bridge.remote.on('device.polled', () => ownEcho++)

  // 300 device events with long lines (cut to a short line on the wire), and the same device
  // polled 50 times with its metric points
  const long = 'x'.repeat(2000)
  for (let i = 0; i < 300; i++)
    one.local.emit('device.event', {
      tenantId: 't1',
      deviceId: `d${i}`,
      kind: 'rebooted',
      message: `${i} ${long}`,
      at: i,
    })
  for (let i = 0; i < 50; i++)
    one.local.emit('device.polled', {
      tenantId: 't1',
      deviceId: 'p1',
      status: 'online',
      at: i,
      durationMs: 5,
      points: [{ metric: 'cpu', value: 50 }],
    })
  await waitFor(
    () => remoteTwo.length === 300 && polledTwo.length === 1 && onWire() === 301,
    'the burst on two',
  )
  expect(wire.length).toBeGreaterThan(1)
  expect(wire.length).toBeLessThan(30)
  for (const w of wire) expect(w.bytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES)
  expect(remoteTwo.map((e) => e.deviceId)).toEqual([...Array(300).keys()].map((i) => `d${i}`))
  expect(remoteTwo[7]!.message.startsWith('7 xxx')).toBe(true)
  expect(remoteTwo[7]!.message.length).toBeLessThanOrEqual(300)
  expect(polledTwo).toEqual([
    { tenantId: 't1', deviceId: 'p1', status: 'online', at: 49, durationMs: 5 },
  ])
  expect(localTwo).toBe(0)
  expect(ownEcho).toBe(0)

  // an event waits for its batch: one flush per ~250 ms, not one NOTIFY per event
  const emittedAt = Date.now()
  one.local.emit('device.event', {
    tenantId: 't1',
    deviceId: 'late',
    kind: 'rebooted',
    message: '',
    at: 1,
  })
  await waitFor(() => wire.some((w) => w.ids.includes('late')), 'the next batch')
  expect(wire.find((w) => w.ids.includes('late'))!.at - emittedAt).toBeGreaterThanOrEqual(200)

  // events no page shows and no other engine needs stay home
  one.local.emit('device.config_activity', { tenantId: 't1', deviceId: 'd1', at: 1, message: 'x' })
  one.local.emit('alerts.rules_changed', { tenantId: 't1' })
  let rules = 0
  let activity = 0
  two.bridge.remote.on('alerts.rules_changed', () => rules++)
  two.bridge.remote.on('device.config_activity', () => activity++)
  await waitFor(() => rules === 1, 'rules_changed on two')
  expect(activity).toBe(0)
  const sent = wire.length
  await new Promise((r) => setTimeout(r, 400))
  expect(wire.length).toBe(sent)
})
