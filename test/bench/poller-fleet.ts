// Poller benchmark: N simulated routers (in separate processes) polled every 60 s by the real
// Poller on a real database. Reports the share of polls started within 5 s of their due time,
// p50/p99 lateness, appliance CPU and peak RSS, and database growth per day.
// Usage: node test/bench/poller-fleet.ts [--devices 1000,5000,10000] [--measure-s 120] [--fresh]
// Run one size per process for a clean peak-RSS figure (maxRSS is per process).
import { statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createTestDeps } from '../support/db.ts'
import { systemClock } from '../../src/lib/time.ts'
import { newId, type TenantId } from '../../src/lib/ids.ts'
import type { DeviceId } from '../../src/db/schema-devices.ts'
import { forTenant } from '../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  openCredentials,
  sealCredentials,
} from '../../src/device-access/index.ts'
import { openMetricsStore } from '../../src/metrics/metrics-store.ts'
import { SqliteMetricsBackend } from '../../src/metrics/metrics-backend.ts'
import { Poller } from '../../src/poller/scheduler.ts'
import { startSimChildren } from './support/sim-children.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const SIZES = arg('devices', '1000,5000,10000').split(',').map(Number)
const MEASURE_S = Number(arg('measure-s', '120'))
const INTERVAL_S = Number(arg('interval-s', '60'))
const PER_CHILD = 4000
const FRESH = process.argv.includes('--fresh')
// --statement-cache 0 measures Kysely preparing every statement afresh (before the cache)
const STATEMENT_CACHE = process.argv.includes('--statement-cache')
  ? Number(arg('statement-cache', '500'))
  : undefined
async function run(n: number): Promise<Record<string, string>> {
  const sims = await startSimChildren(n, { perChild: PER_CHILD })
  const deps = await createTestDeps({ statementCacheSize: STATEMENT_CACHE })
  const tenants: TenantId[] = []
  for (let t = 0; t < 3; t++) {
    const id = newId<TenantId>()
    tenants.push(id)
    await deps.db
      .insertInto('tenants')
      .values({ id, name: `bench-${t}-${id}`, created_at: Date.now() })
      .execute()
  }
  const keyDeps = { secrets: deps.secrets, clock: systemClock }
  for (const [t, tenantId] of tenants.entries()) {
    const scope = forTenant(deps.kysely, tenantId)
    const key = await dataKeyFor(keyDeps, scope)
    const rows = sims.endpoints.flatMap(({ host, apiPort: port }, i) => {
      if (i % tenants.length !== t) return []
      const id = newId<DeviceId>()
      return [
        {
          id,
          name: `bench-${i}`,
          host,
          host2: null,
          api_port: port,
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
          created_at: Date.now(),
          updated_at: Date.now(),
          // as after an appliance restart (devices known): spread on their phase slots. --fresh
          // measures a brand-new fleet instead, where every device is polled at once first
          last_status: FRESH ? ('unknown' as const) : ('online' as const),
          poll_interval_s: INTERVAL_S,
          ...sealCredentials(
            key,
            tenantId,
            id,
            { username: 'admin', password: '' },
            endpointWithDefaults({ host, api_port: port }),
          ),
        },
      ]
    })
    await scope.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500)
        await tx.insertInto('devices', rows.slice(i, i + 500)).execute()
    })
  }
  const rssBefore = process.memoryUsage().rss
  const metrics = openMetricsStore(join(deps.dir, 'samples.db'))
  const poller = new Poller({
    kysely: deps.kysely,
    unscoped: deps.unscoped,
    log: deps.log,
    clock: systemClock,
    metrics: new SqliteMetricsBackend(metrics),
    credentials: (s, d) => openCredentials(keyDeps, s, d),
  })
  let polls = 0
  let pollMs = 0
  poller.bus.on('device.polled', (e) => {
    polls++
    pollMs += e.durationMs
  })
  poller.start()
  // first cycle: connections are opened (and with --fresh every device is polled at once); excluded
  await sleep((INTERVAL_S + 10) * 1000)
  poller.lateness.reset()
  polls = 0
  pollMs = 0
  const load0 = loadavg()[0] as number
  const dbBytes = () =>
    statSync(deps.config.dbFile).size +
    (statSync(`${deps.config.dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0)
  const bytes0 = metrics.bytes() + dbBytes()
  const cpu0 = process.cpuUsage()
  const t0 = Date.now()
  await sleep(MEASURE_S * 1000)
  const wall = (Date.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  metrics.flush()
  const grown = metrics.bytes() + dbBytes() - bytes0
  const l = poller.lateness
  const result = {
    devices: String(n),
    'polls/s': (polls / wall).toFixed(1),
    'on time (≤5 s)': `${((100 * l.onTime) / Math.max(1, l.total)).toFixed(2)} %`,
    'p50 late': `${l.percentile(50).toFixed(0)} ms`,
    'p99 late': `${l.percentile(99).toFixed(0)} ms`,
    'max late': `${l.percentile(100).toFixed(0)} ms`,
    'poll avg': `${(pollMs / Math.max(1, polls)).toFixed(0)} ms`,
    'CPU (1 core)': `${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)} %`,
    'CPU/poll': `${((cpu.user + cpu.system) / 1e3 / Math.max(1, polls)).toFixed(2)} ms`,
    'load avg': `${load0.toFixed(1)}→${(loadavg()[0] as number).toFixed(1)}`,
    'RSS before': `${(rssBefore / 1048576).toFixed(0)} MB`,
    'peak RSS': `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    'DB growth/day': `${(((grown / wall) * 86_400) / 1e6).toFixed(0)} MB`,
    'per device/day': `${(((grown / wall) * 86_400) / n / 1e3).toFixed(0)} kB`,
  }
  const mem = process.memoryUsage()
  process.stdout.write(
    `  memory now: rss ${(mem.rss / 1048576).toFixed(0)} MB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MB of ${(mem.heapTotal / 1048576).toFixed(0)} MB, external ${(mem.external / 1048576).toFixed(0)} MB\n`,
  )
  await poller.stop()
  metrics.close()
  await deps.close()
  for (const p of sims.procs) p.kill('SIGKILL')
  return result
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

const results: Record<string, string>[] = []
for (const n of SIZES) {
  process.stdout.write(`running ${n} devices (${INTERVAL_S} s warm-up + ${MEASURE_S} s)…\n`)
  results.push(await run(n))
}
const cols = Object.keys(results[0] ?? {})
const width = cols.map((c) => Math.max(c.length, ...results.map((r) => (r[c] ?? '').length)))
const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i] as number)).join('  ')
process.stdout.write(
  `${line(cols)}\n${results.map((r) => line(cols.map((c) => r[c] ?? ''))).join('\n')}\n`,
)
process.exit(0)
