// CPU per poll on PostgreSQL (issue 20): N simulated routers polled every interval by ONE built
// Outpost process (dist/server.mjs) on a throwaway PostgreSQL. Once every device was polled
// twice, it measures one window: polls stored (distinct devices.last_polled_at values, read every
// 5 s) and CPU seconds of the Outpost process and of all PostgreSQL processes, and reports
// milliseconds of CPU per poll for each. CPU-seconds per poll, not latency, so the figure holds on
// a shared machine. `--statements` also loads pg_stat_statements and lists the statements per
// poll (it costs PostgreSQL CPU itself: compare CPU only between runs without it); `--prof DIR`
// writes a V8 CPU profile of the Outpost process to DIR.
// Run: npm run build && node test/bench/pg-poll-cpu.ts [--devices 3000] [--interval-s 20] [--window-s 60]
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { openPostgres } from '../../src/db/connect-pg.ts'
import { startPostgres } from '../support/postgres.ts'
import {
  addFleet,
  BENCH_MASTER_KEY,
  postgresCpuS,
  postgresUsage,
  startOutpost,
  usage,
} from './support/cluster-fleet.ts'
import { startSimChildren } from './support/sim-children.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const DEVICES = Number(arg('devices', '3000'))
const INTERVAL_S = Number(arg('interval-s', '20'))
const WINDOW_S = Number(arg('window-s', '60'))
const STATEMENTS = process.argv.includes('--statements')
const PROF = arg('prof', '')

const pg = await startPostgres()
if (STATEMENTS) {
  pg.psql(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`)
  pg.halt()
  pg.resume()
}
const sims = await startSimChildren(DEVICES, { perChild: 4000 })
pg.psql('CREATE ROLE outpost_app LOGIN')
pg.psql('CREATE DATABASE outpost')
if (STATEMENTS) pg.psql('CREATE EXTENSION pg_stat_statements', 'outpost')
const env = {
  OUTPOST_DATABASE_URL: pg.urlFor('outpost', 'outpost_app'),
  OUTPOST_DATABASE_OWNER_URL: pg.urlFor('outpost'),
  OUTPOST_MASTER_KEY: BENCH_MASTER_KEY.toString('base64'),
  OUTPOST_SYSLOG_PORT: '0',
  OUTPOST_HTTPS_PORT: '0',
  OUTPOST_RECOVERY_PORT: '0',
}
const nodeArgs = PROF ? ['--cpu-prof', '--cpu-prof-dir', PROF] : []
const outpost: ChildProcess = await startOutpost(env, nodeArgs)
// whatever happens, no Outpost or simulator process outlives the bench
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(1))
process.once('exit', () => {
  outpost.kill('SIGKILL')
  for (const s of sims.procs) s.kill('SIGKILL')
})
const db = openPostgres(pg.urlFor('outpost', 'outpost_app'))
await addFleet(db, sims.endpoints, INTERVAL_S)

const seen = new Map<string, number>()
const polled = new Map<string, number>()
/** counts the devices' new last_polled_at values since the previous sample */
async function sample(): Promise<number> {
  const rows = await db.kysely
    .selectFrom('devices')
    .select(['id', 'last_polled_at'])
    .where('last_polled_at', 'is not', null)
    .execute()
  let fresh = 0
  for (const r of rows) {
    if (seen.get(r.id) === r.last_polled_at) continue
    seen.set(r.id, r.last_polled_at!)
    polled.set(r.id, (polled.get(r.id) ?? 0) + 1)
    fresh++
  }
  return fresh
}
/** PostgreSQL's CPU seconds by kind of process (backends of the app, autovacuum, wal writer, …) */
function postgresByKind(a: ReturnType<typeof postgresUsage>, b: ReturnType<typeof postgresUsage>) {
  const out: Record<string, number> = {}
  for (const [pid, u] of b) {
    let kind = 'other'
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      kind = /^postgres: /.test(title)
        ? title
            .replace(/^postgres: /, '')
            .split(/\s+/)
            .slice(0, 2)
            .join(' ')
        : 'postmaster'
    } catch {
      // gone meanwhile
    }
    out[kind] = (out[kind] ?? 0) + u.cpuS - (a.get(pid)?.cpuS ?? u.cpuS)
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, +v.toFixed(2)]))
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const started = Date.now()
while (polled.size < DEVICES || [...polled.values()].some((n) => n < 2)) {
  await sample()
  await sleep(2000)
  if (Date.now() - started > 600_000)
    throw new Error('the fleet was not polled twice in 10 minutes')
}
await sample()
if (STATEMENTS) pg.psql('SELECT pg_stat_statements_reset()', 'outpost')
const from = Date.now()
const o0 = usage(outpost.pid!)
const p0 = postgresUsage()
let polls = 0
while (Date.now() - from < WINDOW_S * 1000) {
  await sleep(5000)
  polls += await sample()
}
const o1 = usage(outpost.pid!)
const p1 = postgresUsage()
const windowS = (Date.now() - from) / 1000
const statements = STATEMENTS
  ? pg
      .psql(
        `SELECT round(calls::numeric / ${Math.max(1, polls)}, 2) || ' ' || round(total_exec_time::numeric / ${Math.max(1, polls)}, 3) || 'ms ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
         FROM pg_stat_statements ORDER BY calls DESC LIMIT 25`,
        'outpost',
      )
      .trim()
      .split('\n')
  : undefined
const outpostCpuS = o1.cpuS - o0.cpuS
const pgCpuS = postgresCpuS(p0, p1)
console.log(
  JSON.stringify(
    {
      devices: DEVICES,
      intervalS: INTERVAL_S,
      windowS: Math.round(windowS),
      polls,
      pollsPerS: +(polls / windowS).toFixed(1),
      outpost: {
        cpuPct: +((outpostCpuS / windowS) * 100).toFixed(1),
        cpuMsPerPoll: +((outpostCpuS * 1000) / polls).toFixed(2),
        rssMb: Math.round(o1.rssMb),
      },
      postgres: {
        cpuPct: +((pgCpuS / windowS) * 100).toFixed(1),
        cpuMsPerPoll: +((pgCpuS * 1000) / polls).toFixed(2),
        cpuSByProcess: postgresByKind(p0, p1),
      },
      statementsPerPoll: statements,
      loadavg: loadavg().map((l) => l.toFixed(1)),
    },
    null,
    2,
  ),
)
await new Promise((ok) => (outpost.once('exit', ok), outpost.kill('SIGTERM')))
for (const s of sims.procs) s.kill('SIGTERM')
await db.pool.end()
pg.stop()
process.exit(0)
