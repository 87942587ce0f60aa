// Notification delivery claimed across processes: two dispatchers (two "processes": each its own
// database handle with the cluster's work claims installed on a real PostgreSQL) scan the same
// outbox at once; the receiver gets the message exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PgWorkClaims } from '../../../src/cluster/index.ts'
import { installWorkClaims } from '../../../src/lib/work-claim.ts'
import { NotificationDispatcher } from '../../../src/notifications/index.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import {
  clusterKysely,
  clusterPool,
  createClusterDatabase,
  type ClusterDb,
} from '../../support/cluster-pg.ts'
import { createNotifyHarness, type NotifyHarness } from '../notifications/notify-harness.ts'

let server: TestPostgres
let url: string
const dbs: ClusterDb[] = []

beforeAll(async () => {
  server = await startPostgres()
  url = await createClusterDatabase(server, 'notify')
}, 60_000)
afterAll(async () => {
  for (const db of dbs) await db.destroy()
  server?.stop()
})

describe('notification delivery with several processes', () => {
  it('two dispatchers scanning the same outbox send each message once', async () => {
    const h: NotifyHarness = await createNotifyHarness({ timeoutMs: 2000 })
    try {
      const rt = await h.addDevice(await h.sim('edge-1'))
      await h.webhook('Ops')
      await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }])
      const config = { ...h.deps.config, notify: { floodLimit: 10, timeoutMs: 2000 } }
      const dispatchers = ['n1', 'n2'].map((node) => {
        // a handle of its own, like another process's connection to the shared database
        const kysely = h.deps.kysely.withPlugin({
          transformQuery: (a) => a.node,
          transformResult: (a) => Promise.resolve(a.result),
        })
        const db = clusterKysely(clusterPool(url, 2))
        dbs.push(db)
        installWorkClaims(kysely, new PgWorkClaims(db, node, 60_000))
        return new NotificationDispatcher({ ...h.deps, kysely, clock: h.clock, config })
      })
      await Promise.all(dispatchers.map((d) => d.drain()))
      await Promise.all(dispatchers.map((d) => d.drain()))
      expect(h.rx.received).toHaveLength(1)
      const [row] = await h.scope.selectFrom('alert_outbox').select(['state', 'attempts']).execute()
      expect(row).toEqual({ state: 'sent', attempts: 1 })
      for (const d of dispatchers) await d.stop()
    } finally {
      await h.close()
    }
  })
})
