// Issue 15 page timings with the product run as a user runs it: the built dist/server.mjs with
// the `npm start` flags, a temp data directory, N devices added over /api/v1 (loopback port 1, so
// each is polled once and lands in "needs attention"), 2 events per device written into the
// database, then the device table, its live cells, the dashboard and the events page requested by
// a signed-in admin over HTTP. Prints p50/p95/max client time per page.
// Run: npm run build && node test/bench/issue15-pages.ts [--devices 10000] [--runs 20]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { newId } from '../../src/lib/ids.ts'
import { Browser } from '../support/http-browser.ts'
import { NODE_FLAGS, ROOT, SERVER_FILE, ensureBuilt } from './support/outpost-live.ts'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : dflt
}
const N = arg('devices', 1000)
const RUNS = arg('runs', 20)

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench15-'))
const child = spawn(process.execPath, [...NODE_FLAGS, SERVER_FILE], {
  cwd: ROOT,
  env: {
    ...process.env,
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_LOG_LEVEL: 'info',
    OUTPOST_ARGON2_PROFILE: 'light',
  },
  stdio: ['ignore', 'pipe', 'ignore'],
})
const stop = () => {
  if (child.exitCode === null) child.kill('SIGTERM')
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
}
process.on('exit', stop)
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(1))
const url = await new Promise<string>((ok) =>
  createInterface({ input: child.stdout! }).on('line', (l) => {
    const m = l.startsWith('{') ? (JSON.parse(l) as { msg?: string; url?: string }) : {}
    if (m.msg === 'outpost listening' && m.url) ok(m.url)
  }),
)
const b = new Browser(url)
const first = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim()
await b.req('POST', '/login', {
  form: { username: 'admin', password: first, _csrf: await b.token('/login') },
})
const pw = 'bench issue 15 passphrase'
await b.req('POST', '/account/password', {
  form: {
    currentPassword: first,
    newPassword: pw,
    confirmPassword: pw,
    _csrf: await b.token('/account/password'),
  },
})
const created = await b.req('POST', '/tenants', {
  form: { name: 'Bench Co', _csrf: await b.token('/tenants') },
})
const tenantId = /\/tenants\/([0-9A-Z]{26})$/.exec(created.headers.get('location') ?? '')?.[1] ?? ''
await b.req('POST', '/session/tenant', {
  form: { tenantId, returnTo: '/', _csrf: await b.token('/') },
})
const csrf = await b.token('/')
for (let start = 0; start < N; start += 500) {
  const batch = Array.from({ length: Math.min(500, N - start) }, (_, k) => ({
    name: `router-${String(start + k).padStart(5, '0')}`,
    host: '127.0.0.1',
    apiPort: 1,
    username: 'admin',
    password: 'x',
    pollIntervalS: 3600,
  }))
  const r = await b.req('POST', '/api/v1/devices', { json: batch }, { 'X-CSRF-Token': csrf })
  if (r.status !== 201) throw new Error(`add: ${r.status} ${await r.text()}`)
}
// events: written beside the running server (WAL), two per device over the last day
const db = new Database(join(dataDir, 'outpost.db'))
db.pragma('busy_timeout = 5000')
const ids = db
  .prepare('SELECT id FROM devices WHERE tenant_id = ?')
  .pluck()
  .all(tenantId) as string[]
const now = Date.now()
const ins = db.prepare(
  'INSERT INTO device_events (id, tenant_id, device_id, at, kind, message) VALUES (?, ?, ?, ?, ?, ?)',
)
db.transaction(() => {
  ids.forEach((id, i) => {
    ins.run(newId(now), tenantId, id, now - (i % 1440) * 60_000, 'rebooted', 'Device rebooted')
    ins.run(newId(now), tenantId, id, now - (i % 1440) * 60_000 - 1, 'came_online', 'Came online')
  })
})()
db.close()
// let the first polls (port 1: refused at once) mark the devices offline
await new Promise((r) => setTimeout(r, Math.min(60_000, 5_000 + N * 2)))

const cellIds = ids.slice(0, 50).join(',')
const pages: [string, string][] = [
  ['device table, first page', '/devices'],
  ['device table, search', '/devices?q=router-01'],
  ['device table, sort by last seen', '/devices?sort=last_seen&dir=desc'],
  ['live cells (50 devices)', `/devices/cells?ids=${cellIds}`],
  ['dashboard', '/'],
  ['dashboard, needs attention page 3', '/?attention=3'],
  ['events, first page', '/events'],
  ['events, kind + 24 h', '/events?kind=rebooted&since=24h'],
  ['events, device name', '/events?device=router-00'],
  ['events, page 20', '/events?page=20'],
]
console.log(
  `devices=${N} events=${ids.length * 2} runs=${RUNS} load=${(loadavg()[0] ?? 0).toFixed(2)}`,
)
for (const [label, path] of pages) {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const res = await b.req('GET', path)
    await res.text()
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
    times.push(performance.now() - t0)
  }
  times.sort((x, y) => x - y)
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
  console.log(
    `${label.padEnd(36)} p50 ${q(0.5).toFixed(1)} ms  p95 ${q(0.95).toFixed(1)} ms  max ${(times.at(-1) ?? 0).toFixed(1)} ms`,
  )
}
console.log(`load after=${(loadavg()[0] ?? 0).toFixed(2)}`)
// the server finishes writing before its data directory is removed
const exited = new Promise((ok) => child.once('exit', ok))
child.kill('SIGTERM')
await exited
process.exit(0)
