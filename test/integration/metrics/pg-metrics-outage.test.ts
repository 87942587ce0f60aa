// The PostgreSQL metrics store's own pool survives the server going away: the idle connection the
// server drops is logged (not thrown as an uncaught 'error' event, which would end the process),
// and the store writes again once the server is back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openMetricsBackend } from '../../../src/metrics/open-backend.ts'
import { DEFAULT_RETENTION } from '../../../src/metrics/tiers.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

let server: TestPostgres
let dir: string
beforeAll(async () => {
  server = await startPostgres()
  dir = mkdtempSync(join(tmpdir(), 'outpost-metrics-outage-'))
})
afterAll(() => {
  server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

it('logs a dropped idle connection and writes again after the server returns', async () => {
  const logged: string[] = []
  const log = { error: (_obj: object, msg: string) => void logged.push(msg) }
  const config = { dataDir: dir, metricsRetention: DEFAULT_RETENTION }
  const store = await openMetricsBackend(config, { pgUrl: server.url, log })
  const t0 = Date.now()
  store.record('t1', 'd1', t0, [{ metric: 'cpu', value: 5 }])
  await store.flush(t0)
  server.halt()
  await new Promise((r) => setTimeout(r, 500))
  expect(logged).toContain('metrics database connection lost')
  server.resume()
  store.record('t1', 'd1', t0 + 60_000, [{ metric: 'cpu', value: 7 }])
  await store.flush(t0 + 60_000)
  const q = {
    tenantId: 't1',
    deviceId: 'd1',
    metric: 'cpu' as const,
    fromMs: t0 - 1,
    toMs: t0 + 120_000,
  }
  expect((await store.read(q, t0 + 120_000)).points.map((p) => p.avg)).toEqual([5, 7])
  await store.close()
}, 60_000)
