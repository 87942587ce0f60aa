// Nightly config backup of a simulated fleet: `npm run bench -- backups-nightly`.
// N routers (default 1,000, API + SSH, in child processes) are polled every 60 s by the real
// Poller while the BackupScheduler runs the nightly schedule at its defaults (window and
// concurrency): reports the time until every device was backed up (target < 10 min), failures,
// stored bytes vs raw, and the share of polls started within 5 s of due meanwhile (target 100 %).
// Options: --devices N, --window-min M (default: the nightly default's window).
import { spawn, type ChildProcess } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import {
  BackupScheduler,
  DEFAULT_SCHEDULED_CONCURRENCY,
} from '../../src/backups/backup-scheduler.ts'
import { DEFAULT_SCHEDULE, saveSchedule } from '../../src/backups/schedule.service.ts'
import type { DeviceId } from '../../src/db/schema-devices.ts'
import { forTenant } from '../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  DeviceAccess,
  endpointWithDefaults,
  openCredentials,
  sealCredentials,
} from '../../src/device-access/index.ts'
import { newId, type TenantId } from '../../src/lib/ids.ts'
import { systemClock } from '../../src/lib/time.ts'
import { openMetricsStore } from '../../src/metrics/metrics-store.ts'
import { SqliteMetricsBackend } from '../../src/metrics/metrics-backend.ts'
import { Poller } from '../../src/poller/scheduler.ts'
import { createTestDeps } from '../support/db.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const N = Number(arg('devices', '1000'))
const WINDOW = Number(arg('window-min', String(DEFAULT_SCHEDULE.windowMinutes)))
const PER_CHILD = 250
const child = join(import.meta.dirname, 'support/sim-ssh-child.ts')
const out = (s: string): boolean => process.stdout.write(s + '\n')

async function startSims(n: number): Promise<{
  procs: ChildProcess[]
  devs: { apiPort: number; sshPort: number; version: string }[]
}> {
  const procs: ChildProcess[] = []
  const devs: { apiPort: number; sshPort: number; version: string }[] = []
  const parts: Promise<void>[] = []
  for (let off = 0; off < n; off += PER_CHILD) {
    const p = spawn(process.execPath, [child, String(Math.min(PER_CHILD, n - off)), String(off)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    procs.push(p)
    parts.push(
      new Promise((resolve, reject) => {
        createInterface({ input: p.stdout! }).on('line', (l) =>
          l === 'ready' ? resolve() : devs.push(JSON.parse(l) as (typeof devs)[0]),
        )
        p.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
      }),
    )
  }
  await Promise.all(parts)
  return { procs, devs }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

out(
  `machine: ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
out(`starting ${N} simulated routers (API + SSH)…`)
const sims = await startSims(N)
const deps = await createTestDeps()
const tenantId = newId<TenantId>()
await deps.db
  .insertInto('tenants')
  .values({ id: tenantId, name: 'nightly', created_at: Date.now() })
  .execute()
const scope = forTenant(deps.kysely, tenantId)
const keyDeps = { secrets: deps.secrets, clock: systemClock }
const key = await dataKeyFor(keyDeps, scope)
const rows = sims.devs.map((d, i) => {
  const id = newId<DeviceId>()
  const endpoint = endpointWithDefaults({
    host: '127.0.0.1',
    api_port: d.apiPort,
    ssh_port: d.sshPort,
  })
  return {
    id,
    name: `nightly-${i}`,
    host: '127.0.0.1',
    host2: null,
    api_port: d.apiPort,
    ssh_port: d.sshPort,
    tls_fingerprint: null,
    tls_ca_pem: null,
    ssh_host_key: null,
    site_id: null,
    latitude: null,
    longitude: null,
    identity: null,
    board: null,
    version: d.version,
    serial: null,
    last_error: null,
    last_seen_at: null,
    last_polled_at: null,
    created_at: Date.now(),
    updated_at: Date.now(),
    last_status: 'online' as const,
    poll_interval_s: 60,
    ...sealCredentials(key, tenantId, id, { username: 'admin', password: '' }, endpoint),
  }
})
await scope.transaction(async (tx) => {
  for (let i = 0; i < rows.length; i += 500)
    await tx.insertInto('devices', rows.slice(i, i + 500)).execute()
})
await saveSchedule(
  { deps, scope },
  { kind: 'tenant' },
  { cron: DEFAULT_SCHEDULE.cron, windowMinutes: WINDOW },
)
const metrics = openMetricsStore(join(deps.dir, 'samples.db'))
const poller = new Poller({
  kysely: deps.kysely,
  unscoped: deps.unscoped,
  log: deps.log,
  clock: systemClock,
  metrics: new SqliteMetricsBackend(metrics),
  credentials: (s, d) => openCredentials(keyDeps, s, d),
})
poller.start()
out('poller warm-up (70 s)…')
await sleep(70_000)
poller.lateness.reset()
let ok = 0
let failed = 0
const reasons = new Map<string, number>()
let finished: () => void = () => {}
const all = new Promise<void>((r) => (finished = r))
const scheduler = new BackupScheduler(
  { ...deps, clock: systemClock, deviceAccess: new DeviceAccess(keyDeps) },
  poller.bus,
  {
    noCron: true,
    onResult: (_t, _d, r) => {
      if (r.ok) ok++
      else {
        failed++
        reasons.set(r.code, (reasons.get(r.code) ?? 0) + 1)
      }
      if (ok + failed === N) finished()
    },
  },
)
const cpu0 = process.cpuUsage()
const load0 = loadavg()[0] as number
const t0 = Date.now()
const queued = await scheduler.tick(new Date(2026, 0, 1, 2, 0, 0))
out(
  `nightly tick queued ${queued} devices over a ${WINDOW} min window at concurrency ${DEFAULT_SCHEDULED_CONCURRENCY}…`,
)
await all
const wallS = (Date.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
const sizes = await scope
  .selectFrom('device_backups')
  .select((eb) => [
    eb.fn.sum<number>('raw_size').as('raw'),
    eb.fn.sum<number>('stored_size').as('stored'),
  ])
  .executeTakeFirst()
const l = poller.lateness
const onTime = (100 * l.onTime) / Math.max(1, l.total)
out(
  `devices: ${N}, backed up: ${ok}, failed: ${failed}${failed > 0 ? ` (${[...reasons].map(([c, n]) => `${c}: ${n}`).join(', ')})` : ''}`,
)
out(
  `nightly run: ${(wallS / 60).toFixed(1)} min (target < 10 min) ${wallS < 600 && failed === 0 ? 'ok' : 'MISSED'}`,
)
out(
  `polls meanwhile: ${l.total}, on time (≤ 5 s): ${onTime.toFixed(2)} % (target 100 %) ${onTime === 100 ? 'ok' : 'MISSED'}; p99 late ${l.percentile(99).toFixed(0)} ms, max ${l.percentile(100).toFixed(0)} ms`,
)
out(
  `stored ${((sizes?.stored ?? 0) / 1e6).toFixed(2)} MB for ${((sizes?.raw ?? 0) / 1e6).toFixed(2)} MB raw (${((sizes?.raw ?? 0) / Math.max(1, sizes?.stored ?? 1)).toFixed(1)}x)`,
)
out(
  `appliance CPU during the run: ${(((cpu.user + cpu.system) / 1e6 / wallS) * 100).toFixed(0)} % of one core; load ${load0.toFixed(1)}→${(loadavg()[0] as number).toFixed(1)}`,
)
await scheduler.stop()
await poller.stop()
metrics.close()
await deps.close()
for (const p of sims.procs) p.kill('SIGKILL')
process.exit(wallS < 600 && failed === 0 && onTime === 100 ? 0 : 1)
