// Shared by the cluster benchmarks (cluster-failover.ts, poll-cpu.ts): start a built Outpost
// process on PostgreSQL (with npm start's flags), add a simulated fleet to three tenants, and
// read CPU/RSS from /proc.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { OpenPostgres } from '../../../src/db/connect-pg.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { seedDevices } from './seed-devices.ts'
import type { SimEndpoint } from './sim-children.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
/** another build to compare with (`--server path/to/server.mjs`), else this checkout's dist */
const serverArg = process.argv.indexOf('--server')
const server = serverArg >= 0 ? process.argv[serverArg + 1]! : join(root, 'dist', 'server.mjs')
export const BENCH_MASTER_KEY = Buffer.alloc(32, 11)

/**
 * The environment and node flags `npm start` runs dist/server.mjs with (its heap limit, malloc
 * settings), read from package.json so the benches measure the product as a user runs it.
 */
export function npmStartLaunch(): { env: Record<string, string>; nodeArgs: string[] } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string }
  }
  // `${NAME:-default}` as sh expands it (OUTPOST_NODE_FLAGS)
  const expanded = pkg.scripts.start.replace(
    /\$\{(\w+):-([^}]*)\}/g,
    (_m, name: string, fallback: string) => process.env[name] || fallback,
  )
  const command = expanded.split('&&').at(-1)!.trim().split(/\s+/)
  const env: Record<string, string> = {}
  let i = 0
  for (; command[i]?.includes('=') === true; i++) {
    const [k, ...v] = command[i]!.split('=')
    env[k!] = v.join('=')
  }
  if (command[i] !== 'node') throw new Error(`unexpected start script: ${pkg.scripts.start}`)
  const end = command.indexOf('dist/server.mjs')
  return { env, nodeArgs: command.slice(i + 1, end) }
}

/** Starts dist/server.mjs as `npm start` does, with `env`, and resolves once it listens. */
export function startOutpost(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-cluster-'))
  const launch = npmStartLaunch()
  const child = spawn(process.execPath, [...launch.nodeArgs, ...nodeArgs, server], {
    env: {
      ...process.env,
      ...launch.env,
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
export function usage(pid: number): { cpuS: number; rssMb: number } {
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
export function postgresUsage(): Map<number, { cpuS: number; rssMb: number }> {
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
export function postgresCpuS(
  a: ReturnType<typeof postgresUsage>,
  b: ReturnType<typeof postgresUsage>,
): number {
  let cpuS = 0
  for (const [pid, u] of b) cpuS += u.cpuS - (a.get(pid)?.cpuS ?? u.cpuS)
  return cpuS
}

/** Three tenants; the routers are dealt round-robin, each polled every `intervalS`. */
export async function addFleet(
  db: OpenPostgres,
  endpoints: readonly SimEndpoint[],
  intervalS: number,
): Promise<void> {
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
    const routers = endpoints.flatMap(({ host, apiPort }, i) =>
      i % tenants.length === t ? [{ name: `bench-${i}`, host, apiPort }] : [],
    )
    await seedDevices(db.kysely, BENCH_MASTER_KEY, tenantId, routers, intervalS)
  }
}
