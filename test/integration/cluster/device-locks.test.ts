// Change locks across processes on a real PostgreSQL: a device locked by one process is refused
// to another until it is released, and a process whose connection ends (it died, or the server
// dropped it) lets go of its locks by itself, then locks again on a new connection.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DeviceLocks } from '../../../src/cluster/index.ts'
import { createSilentLogger } from '../../../src/log.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import { createClusterDatabase } from '../../support/cluster-pg.ts'

let server: TestPostgres
let url: string
let dbName: string
const locks: DeviceLocks[] = []

beforeAll(async () => {
  server = await startPostgres()
  url = await createClusterDatabase(server, 'locks')
  dbName = new URL(url).pathname.slice(1)
}, 60_000)
afterAll(async () => {
  for (const l of locks) await l.stop()
  server?.stop()
})

const locksOf = (name: string) => {
  const l = new DeviceLocks({
    client: { connectionString: url, application_name: name },
    log: createSilentLogger(),
  })
  locks.push(l)
  return l
}
const terminate = (name: string) =>
  server.psql(
    `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${name}'`,
    dbName,
  )

it('refuses a held device to another process until released', async () => {
  const a = locksOf('locks-a')
  const b = locksOf('locks-b')
  expect(await a.tryLock('change:T1/D1')).toBe(true)
  expect(await b.tryLock('change:T1/D1')).toBe(false)
  expect(await b.tryLock('change:T1/D2')).toBe(true) // another device is free
  await a.unlock('change:T1/D1')
  expect(await b.tryLock('change:T1/D1')).toBe(true)
  expect(await a.tryLock('change:T1/D1')).toBe(false)
})

it('releases the locks of a process whose connection ended, which then locks again', async () => {
  const c = locksOf('locks-c')
  const d = locksOf('locks-d')
  expect(await c.tryLock('change:T2/D1')).toBe(true)
  expect(terminate('locks-c').trim()).toBe('1')
  const deadline = Date.now() + 5000
  let taken = false
  while (!taken && Date.now() < deadline) {
    taken = await d.tryLock('change:T2/D1')
    if (!taken) await new Promise((r) => setTimeout(r, 50))
  }
  expect(taken).toBe(true)
  // c reconnects on its next use and is refused what d holds now, but locks what is free
  let again: boolean | undefined
  while (again === undefined && Date.now() < deadline + 5000) {
    again = await c.tryLock('change:T2/D2').catch(() => undefined)
    if (again === undefined) await new Promise((r) => setTimeout(r, 50))
  }
  expect(again).toBe(true)
  expect(await c.tryLock('change:T2/D1')).toBe(false)
})
