// Edge replay (issue 20): 24 h of buffered data for 500 devices (one poll a minute each: state,
// 7 metric points, a resource snapshot hourly; one config backup each) waits in an edge
// appliance's outbox while its central appliance is down; the central (a separate process, HTTPS
// with the pinned certificate) comes back and the benchmark times the replay until the outbox is
// empty. Target: under 5 minutes. Prints entries, bytes, time, RSS of both processes, the
// central's CPU and the load average.
// Run: npm run bench -- edge-replay   (EDGE_BENCH_DEVICES / EDGE_BENCH_HOURS shrink it)
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { build } from 'esbuild'
import { freePort } from '../support/free-port.ts'

const DEVICES = Number(process.env.EDGE_BENCH_DEVICES ?? 500)
const HOURS = Number(process.env.EDGE_BENCH_HOURS ?? 24)
const POLLS = HOURS * 60
const TARGET_MS = 5 * 60_000
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const cache = join(root, 'node_modules', '.cache', `outpost-bench-edge-${process.pid}`)
const outfile = join(cache, 'edge-replay-entry.mjs')
const work = mkdtempSync(join(tmpdir(), 'outpost-bench-edge-'))
const silent = new Writable({ write: (_c, _e, done) => done() })

await build({
  entryPoints: [join(root, 'test/bench/support/edge-replay-entry.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
})
const m = (await import(
  pathToFileURL(outfile).href
)) as typeof import('./support/edge-replay-entry.ts')

function startCentral(dir: string, port: number, setup: boolean) {
  // EDGE_BENCH_PROF=1: a CPU profile of the replaying central in /tmp/edgeprof
  const execArgv =
    process.env.EDGE_BENCH_PROF && !setup ? ['--cpu-prof', '--cpu-prof-dir=/tmp/edgeprof'] : []
  const child = fork(outfile, ['central', dir, String(port), ...(setup ? ['setup'] : [])], {
    execArgv,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  return new Promise<{ child: ChildProcess; info: Record<string, string> }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) =>
      resolve({ child, info: JSON.parse(l) as Record<string, string> }),
    )
    child.once('exit', (code) => reject(new Error(`central exited ${code}`)))
  })
}

function stopCentral(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

function stats(child: ChildProcess): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    child.once('message', (msg) => resolve(msg as Record<string, number>))
    child.send('stats')
  })
}

function ownRss(): string {
  const s = readFileSync('/proc/self/status', 'utf8')
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0)
  return `RSS ${(kb('VmRSS') / 1024).toFixed(0)} MB (anon ${(kb('RssAnon') / 1024).toFixed(0)}, file ${(kb('RssFile') / 1024).toFixed(0)})`
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
const centralDir = join(work, 'central')
const port = await freePort()
const first = await startCentral(centralDir, port, true)
let child = first.child
const info = first.info

const edge = await m.startOutpost(
  {
    OUTPOST_DATA_DIR: join(work, 'edge'),
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_ARGON2_PROFILE: 'light',
  },
  {
    logDestination: silent,
    initialAdmin: false,
    edge: { intervalMs: 1000, backoffBaseMs: 250, backoffMaxMs: 1000 },
  },
)
const tenantId = m.newId()
await edge.deps.db
  .insertInto('tenants')
  .values({ id: tenantId as never, name: 'site', created_at: Date.now() })
  .execute()
const scope = m.forTenant(edge.deps.kysely, tenantId as never)
const key = await m.dataKeyFor(edge.deps, scope)
const ids: string[] = []
for (let i = 0; i < DEVICES; i++) {
  const id = m.newId()
  ids.push(id)
  const host = `10.20.${i >> 8}.${i & 255}`
  await scope
    .insertInto('devices', {
      id: id as never,
      name: `site-r${i}`,
      host,
      host2: null,
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
      is_enabled: 0, // the outbox is filled below; nothing is polled for real
      ...m.sealCredentials(
        key,
        tenantId,
        id,
        { username: 'admin', password: 'x' },
        m.endpointWithDefaults({ host }),
      ),
    })
    .execute()
}
await m.registerWithCentral(
  edge.deps,
  scope,
  { centralUrl: info.url!, token: info.token!, fingerprint: info.fingerprint! },
  'bench',
)
await stopCentral(child)

// the link is down: 24 h of polls land in the outbox exactly as the poll hook writes them
const t0 = Date.now() - HOURS * 3_600_000
const resource = JSON.stringify({
  cpuLoad: 3,
  freeMemory: 180_000_000,
  totalMemory: 268_435_456,
  uptime: 86_400,
  version: '7.15.3',
  boardName: 'RB5009',
})
let bytes = 0
for (let p = 0; p < POLLS; p++) {
  const at = t0 + p * 60_000
  const rows = ids.map((id, i) => {
    const payload = {
      device: { name: `site-r${i}`, host: `10.20.${i >> 8}.${i & 255}` },
      patch: {
        last_status: 'online',
        last_error: null,
        last_polled_at: at,
        last_seen_at: at,
        identity: `site-r${i}`,
        version: '7.15.3',
        board: 'RB5009',
      },
      events: p === 0 ? [{ kind: 'came_online', message: 'reachable again' }] : [],
      points: [
        { metric: 'cpu', value: (i + p) % 40 },
        { metric: 'mem_used', value: 33 },
        { metric: 'uptime', value: 86_400 + p * 60 },
        { metric: 'if_rx', label: 'ether1', value: 1_000_000 + p },
        { metric: 'if_tx', label: 'ether1', value: 400_000 + p },
        { metric: 'if_rx', label: 'ether2', value: 20_000 },
        { metric: 'if_tx', label: 'ether2', value: 10_000 },
      ],
      snapshots: p % 60 === 0 ? [{ kind: 'resource', json: resource }] : [],
    }
    const json = JSON.stringify(payload)
    bytes += json.length
    return { kind: 'poll' as const, device_id: id, at, payload_json: json }
  })
  await scope.transaction(async (tx) => {
    for (let k = 0; k < rows.length; k += 2000)
      await tx.insertInto('edge_outbox', rows.slice(k, k + 2000)).execute()
  })
}
const exportText = (i: number) =>
  `# 2026-12-06 03:00:00 by RouterOS 7.15.3\n# model = RB5009\n/system identity\nset name=site-r${i}\n` +
  Array.from(
    { length: 200 },
    (_, k) =>
      `/ip firewall filter add chain=forward action=accept comment="rule ${k}" src-address=10.${i & 255}.${k}.0/24`,
  ).join('\n') +
  '\n'
for (const [i, id] of ids.entries()) {
  await m.storeCapture({ deps: edge.deps, scope }, id as never, {
    stdout: exportText(i),
    stderr: '',
    exitCode: 0,
    capturedAt: t0 + 3 * 3_600_000,
  })
  bytes += exportText(i).length
}
const count = async () =>
  Number(
    (
      await scope
        .selectFrom('edge_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  )
const buffered = await count()
process.stdout.write(
  `buffered: ${buffered} entries (${DEVICES} devices × ${POLLS} polls + ${DEVICES} backups), ${(bytes / 1e6).toFixed(0)} MB of payload\n`,
)
process.stdout.write(`load average before the replay: ${load()}\n`)

child = (await startCentral(centralDir, port, false)).child
const start = Date.now()
const edgeCpu0 = process.cpuUsage()
let left = buffered
let peak = ''
while (left > 0) {
  await new Promise((r) => setTimeout(r, 500))
  left = await count()
  if (Date.now() - start > 15 * 60_000)
    throw new Error(`replay not done after 15 minutes (${left} left)`)
  if ((Date.now() - start) % 10_000 < 500) peak = load()
}
const ms = Date.now() - start
const edgeCpu = process.cpuUsage(edgeCpu0)
const c = await stats(child)
process.stdout.write(
  `replay: ${buffered} entries in ${(ms / 1000).toFixed(1)} s (${Math.round(buffered / (ms / 1000))} entries/s) — target < 300 s: ${ms < TARGET_MS ? 'met' : 'MISSED'}\n`,
)
process.stdout.write(
  `central: RSS ${c.rssMb!.toFixed(0)} MB (anon ${c.anonMb!.toFixed(0)}, file ${c.fileMb!.toFixed(0)}), CPU ${c.cpuS!.toFixed(1)} s; edge: ${ownRss()}, CPU ${((edgeCpu.user + edgeCpu.system) / 1e6).toFixed(1)} s\n`,
)
process.stdout.write(`load average during/after: ${peak || load()} / ${load()}\n`)
await stopCentral(child)
await edge.stop()
const db = new Database(join(centralDir, 'outpost.db'), { readonly: true })
const devs = db.prepare('SELECT count(*) AS n FROM devices WHERE edge_id IS NOT NULL').get() as {
  n: number
}
const seq = db.prepare('SELECT last_seq AS s FROM edges').get() as { s: number }
const backups = db.prepare('SELECT count(*) AS n FROM device_backups').get() as { n: number }
db.close()
process.stdout.write(
  `central holds ${devs.n} edge devices, ${backups.n} backups, last applied seq ${seq.s}\n`,
)
rmSync(work, { recursive: true, force: true })
rmSync(cache, { recursive: true, force: true })
if (devs.n !== DEVICES || backups.n !== DEVICES || ms >= TARGET_MS) process.exit(1)
