// The LISTEN/NOTIFY bus between processes on a real PostgreSQL: delivery to two listening
// clients, the 8000-byte NOTIFY limit refused with a clear message, and a listener that comes
// back by itself after the server restarts (and says so, since messages were lost meanwhile).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClusterBus, MAX_PAYLOAD_BYTES } from '../../../src/cluster/index.ts'
import { createSilentLogger } from '../../../src/log.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import {
  clusterKysely,
  clusterPool,
  createClusterDatabase,
  restartServer,
  type ClusterDb,
} from '../../support/cluster-pg.ts'

let server: TestPostgres
let url: string
const dbs: ClusterDb[] = []
const buses: ClusterBus[] = []

beforeAll(async () => {
  server = await startPostgres()
  url = await createClusterDatabase(server, 'bus')
}, 60_000)
afterAll(async () => {
  for (const b of buses) await b.stop()
  for (const db of dbs) await db.destroy()
  server?.stop()
})

function bus(): ClusterBus {
  const db = clusterKysely(clusterPool(url, 2))
  dbs.push(db)
  const b = new ClusterBus({
    client: { connectionString: url },
    db,
    log: createSilentLogger(),
    reconnectMs: 100,
  })
  buses.push(b)
  return b
}

async function waitFor(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('cluster bus', () => {
  it('delivers a message to every listening process, the sender included', async () => {
    const [one, two] = [bus(), bus()]
    await one.start()
    await two.start()
    const got1: unknown[] = []
    const got2: unknown[] = []
    one.subscribe('device.polled', (m) => got1.push(m))
    two.subscribe('device.polled', (m) => got2.push(m))
    two.subscribe('other', () => got2.push('wrong channel'))
    await new Promise((r) => setTimeout(r, 100)) // LISTEN is sent asynchronously
    await one.publish('device.polled', { tenantId: 't1', deviceId: 'd1' })
    await waitFor(() => got1.length === 1 && got2.length === 1, 'both listeners')
    expect(got2).toEqual([{ tenantId: 't1', deviceId: 'd1' }])
  })

  it('refuses a payload over the NOTIFY limit and a bad channel name, sending nothing', async () => {
    const b = bus()
    await b.start()
    const got: unknown[] = []
    b.subscribe('big', (m) => got.push(m))
    const body = 'x'.repeat(MAX_PAYLOAD_BYTES)
    await expect(b.publish('big', { body })).rejects.toThrow(/NOTIFY allows 7999: send ids/)
    expect(() => b.subscribe('Bad Channel; DROP', () => undefined)).toThrow(/invalid/)
    await b.publish('big', { id: 'small' })
    await waitFor(() => got.length === 1, 'the small message')
    expect(got).toEqual([{ id: 'small' }])
  })

  it('listens again by itself after the server restarts', async () => {
    const [listener, sender] = [bus(), bus()]
    await listener.start()
    await sender.start()
    const got: unknown[] = []
    let reconnects = 0
    listener.subscribe('alerts.changed', (m) => got.push(m))
    listener.onReconnect(() => reconnects++)
    await new Promise((r) => setTimeout(r, 100))
    await sender.publish('alerts.changed', { n: 1 })
    await waitFor(() => got.length === 1, 'the first message')
    restartServer(server)
    await waitFor(() => reconnects === 1 && listener.connected, 'the listener to reconnect')
    // the sender's pool drops its dead connections and opens new ones
    let sent = false
    for (let i = 0; i < 20 && !sent; i++) {
      sent = await sender.publish('alerts.changed', { n: 2 }).then(
        () => true,
        () => false,
      )
    }
    expect(sent).toBe(true)
    await waitFor(() => got.length === 2, 'a message after the restart')
    expect(got).toEqual([{ n: 1 }, { n: 2 }])
  })
})
