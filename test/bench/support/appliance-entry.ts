// Benchmark: what HTTPS adds to a signed-in page on loopback (same in-process server, HTTP and
// HTTPS ports, keep-alive, interleaved), and the appliance snapshot time (online SQLite backup of
// outpost.db with 10,000 devices and a samples.db padded to SAMPLES_MB).
// Built and run by test/bench/appliance.ts (the app's views are .tsx).
import { request as httpRequest, Agent as HttpAgent } from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { snapshotSource, writeSnapshotFile } from '../../../src/appliance-backup/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { startOutpost } from '../../../src/startup.ts'
import { makeUser, TEST_PASSWORD } from '../../support/login.ts'
import { sqliteOf, type TestDeps } from '../../support/db.ts'
import { freePort } from '../../support/free-port.ts'

const REQUESTS = 400
const SAMPLES_MB = Number(process.argv[2] ?? 100)
const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-appliance-'))
const silent = new Writable({ write: (_c, _e, done) => done() })
const o = await startOutpost(
  {
    OUTPOST_DATA_DIR: dir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_ARGON2_PROFILE: 'light',
    OUTPOST_HTTPS_PORT: String(await freePort()),
    OUTPOST_LOG_LEVEL: 'silent',
  },
  { logDestination: silent },
)
try {
  const user = await makeUser(o.deps as unknown as TestDeps, { superAdmin: true })
  const login = await fetch(`${o.url}/login`)
  const seed = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('outpost_csrf='))!
    .split(';')[0]!
  const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!
  const signed = await fetch(`${o.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: seed, Origin: o.url },
    body: new URLSearchParams({ username: user.username, password: TEST_PASSWORD, _csrf: token }),
  })
  const cookie = signed.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 1 })
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false })
  const get = (secure: boolean): Promise<number> =>
    new Promise((resolve, reject) => {
      const t = performance.now()
      const req = (secure ? httpsRequest : httpRequest)(
        {
          host: '127.0.0.1',
          port: secure ? o.https!.port : o.port,
          path: '/tenants',
          headers: { Cookie: cookie },
          agent: secure ? httpsAgent : httpAgent,
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`))
          res.resume()
          res.on('end', () => resolve(performance.now() - t))
        },
      )
      req.on('error', reject)
      req.end()
    })
  for (let i = 0; i < 50; i++) await Promise.all([get(false), get(true)].map((p) => p))
  const http: number[] = []
  const https: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    http.push(await get(false))
    https.push(await get(true))
  }
  const p50 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!
  process.stdout.write(
    `signed-in page p50: http ${p50(http).toFixed(2)} ms, https ${p50(https).toFixed(2)} ms (+${(p50(https) - p50(http)).toFixed(2)} ms)\n`,
  )
  httpAgent.destroy()
  httpsAgent.destroy()

  // 10,000 devices with sealed credentials, and samples.db padded to SAMPLES_MB
  const tenantId = newId<TenantId>()
  await o.deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 'bench', created_at: Date.now() })
    .execute()
  const scope = forTenant(o.deps.kysely, tenantId)
  const key = await dataKeyFor(o.deps, scope)
  sqliteOf(o.deps).exec('BEGIN')
  for (let i = 0; i < 10_000; i++) {
    const id = newId<DeviceId>()
    const now = Date.now()
    await scope
      .insertInto('devices', {
        id,
        name: `r${i}`,
        host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        host2: null,
        api_port: 8728,
        tls_fingerprint: null,
        tls_ca_pem: null,
        ssh_host_key: null,
        site_id: null,
        latitude: null,
        longitude: null,
        identity: null,
        board: null,
        version: null,
        serial: null,
        last_error: null,
        last_seen_at: null,
        last_polled_at: null,
        created_at: now,
        updated_at: now,
        ...sealCredentials(
          key,
          tenantId,
          id,
          { username: 'admin', password: 'x' },
          endpointWithDefaults({ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }),
        ),
      })
      .execute()
  }
  sqliteOf(o.deps).exec('COMMIT')
  const samples = new Database(join(dir, 'samples.db'))
  samples.exec('CREATE TABLE IF NOT EXISTS bench_padding (v BLOB)')
  const ins = samples.prepare('INSERT INTO bench_padding VALUES (randomblob(?))')
  samples.transaction(() => {
    for (let i = 0; i < SAMPLES_MB * 16; i++) ins.run(65_536)
  })()
  samples.close()
  const bytes = statSync(join(dir, 'outpost.db')).size + statSync(join(dir, 'samples.db')).size
  // the poller's event loop while the snapshot runs: the longest stall, and the memory it took
  const loop = monitorEventLoopDelay({ resolution: 10 })
  let peakRss = process.memoryUsage().rss
  const rssBefore = peakRss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
  loop.enable()
  const t = performance.now()
  const snap = await writeSnapshotFile(
    snapshotSource(o.deps, o.poller.samplesDb),
    'bench passphrase 123',
    join(dir, 'bench.opbk'),
  )
  const total = performance.now() - t
  loop.disable()
  clearInterval(sampler)
  process.stdout.write(
    `snapshot of ${(bytes / 1_048_576).toFixed(0)} MB (10,000 devices): database copy ${snap.snapshotMs.toFixed(0)} ms, whole archive (streamed: hash, gzip, AES-GCM) ${total.toFixed(0)} ms, archive ${(snap.size / 1_048_576).toFixed(0)} MB; ` +
      `longest event-loop stall ${(loop.max / 1e6).toFixed(0)} ms (p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms); RSS +${((peakRss - rssBefore) / 1_048_576).toFixed(0)} MB; load average ${loadavg()[0]!.toFixed(1)}\n`,
  )
} finally {
  await o.stop()
  rmSync(dir, { recursive: true, force: true })
}
