// Several pollers (issue 20): N simulated routers (separate processes) polled every interval by
// THREE Outpost processes (the built dist/server.mjs, as `npm start` runs it) sharing one
// PostgreSQL (a throwaway server from Debian's postgresql package). After every device has been
// polled, one Outpost process is killed with SIGKILL; the bench watches devices.last_polled_at
// and reports the longest gap between two polls of any device after the kill (target: under two
// intervals), how many devices exceeded it, the share of polls within 5 s of due before the kill,
// and CPU/RSS of each Outpost process and of PostgreSQL.
// Run: npm run build && node test/bench/cluster-failover.ts [--devices 3000] [--interval-s 60]
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openPostgres } from '../../src/db/connect-pg.ts'
import { newId, type TenantId } from '../../src/lib/ids.ts'
import { startPostgres } from '../support/postgres.ts'
import { seedDevices } from './support/seed-devices.ts'
import { startSimChildren } from './support/sim-children.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const DEVICES = Number(arg('devices', '3000'))
const INTERVAL_S = Number(arg('interval-s', '60'))
const PER_CHILD = 4000
const root = fileURLToPath(new URL('../..', import.meta.url))
const server = join(root, 'dist', 'server.mjs')
const masterKey = Buffer.alloc(32, 11)

function startOutpost(env: Record<string, string>): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-cluster-'))
  const child = spawn(process.execPath, [server], {
    env: {
      ...process.env,
      ...env,
      OUTPOST_DATA_DIR: dir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l.includes('"outpost listening"')) resolve(child)
    })
    child.once('exit', (code) => reject(new Error(`outpost exited with ${code}`)))
  })
}

/** CPU seconds (user + system) and RSS (MB) of a process, from /proc. */
function usage(pid: number): { cpuS: number; rssMb: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    const cpuS = (Number(stat[11]) + Number(stat[12])) / 100
    const rssMb = (Number(stat[21]) * 4096) / 1048576
    return { cpuS, rssMb }
  } catch {
    return { cpuS: 0, rssMb: 0 }
  }
}

/** CPU seconds and RSS of every PostgreSQL server process (postmaster and backends), by pid. */
function postgresUsage(): Map<number, { cpuS: number; rssMb: number }> {
  const out = new Map<number, { cpuS: number; rssMb: number }>()
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'postgres')
        out.set(Number(p), usage(Number(p)))
    } catch {
      // gone meanwhile
    }
  }
  return out
}

/** CPU used between two samples by the server processes alive in both (backends come and go). */
function postgresCpuS(a: ReturnType<typeof postgresUsage>, b: ReturnType<typeof postgresUsage>) {
  let cpuS = 0
  for (const [pid, u] of b) cpuS += u.cpuS - (a.get(pid)?.cpuS ?? u.cpuS)
  return cpuS
}

const pg = await startPostgres()
const sims = await startSimChildren(DEVICES, { perChild: PER_CHILD })
pg.psql('CREATE ROLE outpost_app LOGIN')
pg.psql('CREATE DATABASE outpost')
const env = {
  OUTPOST_DATABASE_URL: pg.urlFor('outpost', 'outpost_app'),
  OUTPOST_DATABASE_OWNER_URL: pg.urlFor('outpost'),
  OUTPOST_MASTER_KEY: masterKey.toString('base64'),
  OUTPOST_SYSLOG_PORT: '0',
  OUTPOST_HTTPS_PORT: '0',
  OUTPOST_RECOVERY_PORT: '0',
}
// the first process migrates; then the fleet is added; then the other two join
const outposts = [await startOutpost(env)]
const db = openPostgres(pg.urlFor('outpost', 'outpost_app'))
const tenants: TenantId[] = []
for (let t = 0; t < 3; t++) {
  const id = newId<TenantId>()
  tenants.push(id)
  await db.kysely
    .insertInto('tenants')
    .values({ id, name: `bench-${t}`, created_at: Date.now() })
    .execute()
}
for (const [t, tenantId] of tenants.entries()) {
  const routers = sims.endpoints.flatMap(({ host, apiPort }, i) =>
    i % tenants.length === t ? [{ name: `bench-${i}`, host, apiPort }] : [],
  )
  await seedDevices(db.kysely, masterKey, tenantId, routers, INTERVAL_S)
}
outposts.push(await startOutpost(env), await startOutpost(env))

// each device's distinct poll times, read every second through the cross-tenant handle
const polls = new Map<string, number[]>()
async function sample(): Promise<void> {
  const rows = await db.kysely
    .selectFrom('devices')
    .select(['id', 'last_polled_at'])
    .where('last_polled_at', 'is not', null)
    .execute()
  for (const r of rows) {
    const list = polls.get(r.id) ?? []
    if (list.at(-1) !== r.last_polled_at) list.push(r.last_polled_at!)
    polls.set(r.id, list)
  }
}
const started = Date.now()
while (polls.size < DEVICES || [...polls.values()].some((l) => l.length < 2)) {
  await sample()
  await new Promise((r) => setTimeout(r, 1000))
  if (Date.now() - started > 10 * INTERVAL_S * 1000) break
}
const warmS = (Date.now() - started) / 1000
// one interval of steady polling by three processes, then SIGKILL one
const steadyFrom = Date.now()
const steadyStart = outposts.map((o) => usage(o.pid!))
const pgSteadyStart = postgresUsage()
while (Date.now() - steadyFrom < INTERVAL_S * 1000) {
  await sample()
  await new Promise((r) => setTimeout(r, 1000))
}
const before = outposts.map((o) => usage(o.pid!))
const pgBefore = postgresUsage()
const steadyS = (Date.now() - steadyFrom) / 1000
const killedAt = Date.now()
const victim = outposts[1]!
victim.kill('SIGKILL')
while (Date.now() - killedAt < 3 * INTERVAL_S * 1000) {
  await sample()
  await new Promise((r) => setTimeout(r, 1000))
}
const after = outposts.map((o) => usage(o.pid!))
const pgAfter = postgresUsage()
const windowS = (Date.now() - killedAt) / 1000

// gaps: between consecutive polls, and from the last poll until the end of the run
const end = Date.now()
let maxGapAfterKill = 0
let overTwo = 0
let onTime = 0
let steadyPolls = 0
let worstSteadyGap = 0
for (const list of polls.values()) {
  let worst = 0
  for (let i = 1; i < list.length; i++) {
    const gap = list[i]! - list[i - 1]!
    if (list[i]! > killedAt) worst = Math.max(worst, gap)
    if (list[i]! > steadyFrom && list[i]! <= killedAt) {
      steadyPolls++
      worstSteadyGap = Math.max(worstSteadyGap, gap)
      if (gap <= (INTERVAL_S + 5) * 1000) onTime++
    }
  }
  worst = Math.max(worst, end - list.at(-1)!)
  maxGapAfterKill = Math.max(maxGapAfterKill, worst)
  if (worst > 2 * INTERVAL_S * 1000) overTwo++
}
const cpuPct = (i: number) => (((after[i]!.cpuS - before[i]!.cpuS) / windowS) * 100).toFixed(1)
console.log(
  JSON.stringify(
    {
      devices: DEVICES,
      intervalS: INTERVAL_S,
      warmUpS: Math.round(warmS),
      polledDevices: polls.size,
      steadyPollsWithin5sOfDue: `${onTime}/${steadyPolls}`,
      steadyWorstGapS: Math.round(worstSteadyGap / 100) / 10,
      steady: {
        processes: outposts.map((_, i) => ({
          cpuPct: (((before[i]!.cpuS - steadyStart[i]!.cpuS) / steadyS) * 100).toFixed(1),
          rssMb: Math.round(before[i]!.rssMb),
        })),
        postgres: {
          cpuPct: ((postgresCpuS(pgSteadyStart, pgBefore) / steadyS) * 100).toFixed(1),
          rssMbSum: Math.round([...pgBefore.values()].reduce((sum, u) => sum + u.rssMb, 0)),
        },
      },
      maxGapAfterKillS: Math.round(maxGapAfterKill / 100) / 10,
      devicesOverTwoIntervals: overTwo,
      survivors: [0, 2].map((i) => ({
        cpuPctAfterKill: cpuPct(i),
        rssMb: Math.round(after[i]!.rssMb),
      })),
      postgres: {
        cpuPctAfterKill: ((postgresCpuS(pgBefore, pgAfter) / windowS) * 100).toFixed(1),
        rssMbSum: Math.round([...pgAfter.values()].reduce((sum, u) => sum + u.rssMb, 0)),
      },
      loadavg: loadavg().map((l) => l.toFixed(1)),
    },
    null,
    2,
  ),
)
// the survivors stop cleanly (leases released) before the database goes away
await Promise.all(
  outposts
    .filter((o) => o !== victim)
    .map((o) => new Promise((ok) => (o.once('exit', ok), o.kill('SIGTERM')))),
)
for (const s of sims.procs) s.kill('SIGTERM')
await db.pool.end()
pg.stop()
for (const d of readdirSync(tmpdir()).filter((d) => d.startsWith('outpost-bench-cluster-')))
  rmSync(join(tmpdir(), d), { recursive: true, force: true })
process.exit(overTwo === 0 ? 0 : 1)
