// Monthly SLA report benchmark, on the product: the built server (dist/server.mjs with the
// `npm start` heap limits) on a temp data directory, a tenant with 1,000 devices in 20 sites, a
// month of status history (outages of random length, a seeded generator) and maintenance windows,
// then `POST /api/v1/reports {kind: "sla"}` for last month through an API key, timed, and the PDF
// downloaded and read back. Target: under 30 s. Usage: node test/bench/reports.ts [--devices 1000]
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pdfLines, pdfPageCount } from '../support/pdf-text.ts'
import {
  api,
  ensureBuilt,
  loadAvg,
  rssOf,
  setUpTenant,
  startServer,
  stopServer,
} from './support/outpost-live.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const DEVICES = Number(arg('devices', '1000'))
const SITES = 20
const TARGET_MS = 30_000
const DAY = 86_400_000

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-reports-'))
const server = await startServer(dataDir)
try {
  const key = await setUpTenant(server.url, dataDir)
  const call = api(server.url, key)

  // last calendar month (UTC: the new tenant's zone)
  const now = new Date()
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)
  const day = (t: number) => new Date(t).toISOString().slice(0, 10)

  // seeding straight into the database file (the server keeps running; SQLite WAL)
  const db = new Database(join(dataDir, 'outpost.db'))
  db.pragma('busy_timeout = 10000')
  const tenantId = (db.prepare('SELECT id FROM tenants').get() as { id: string }).id
  let seed = 42
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const id = (p: string, i: number) => `${p}${String(i).padStart(26 - p.length, '0')}`
  let rows = 0
  db.transaction(() => {
    const site = db.prepare(
      'INSERT INTO sites (id, tenant_id, name, created_at) VALUES (?, ?, ?, ?)',
    )
    for (let s = 0; s < SITES; s++) site.run(id('S', s), tenantId, `Site ${s + 1}`, from - 60 * DAY)
    const dev = db.prepare(
      `INSERT INTO devices (id, tenant_id, name, host, username_enc, password_enc, site_id, is_enabled,
        version, board, last_status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'x', 'x', ?, 0, '7.15.3', 'RB5009UG+S+', 'online', ?, ?)`,
    )
    const hist = db.prepare(
      'INSERT INTO device_status_history (tenant_id, device_id, at, status) VALUES (?, ?, ?, ?)',
    )
    for (let i = 0; i < DEVICES; i++) {
      const d = id('D', i)
      dev.run(
        d,
        tenantId,
        `router-${String(i).padStart(4, '0')}`,
        `10.${i >> 8}.${i & 255}.1`,
        id('S', i % SITES),
        from - 60 * DAY,
        from,
      )
      hist.run(tenantId, d, from - 30 * DAY, 'online')
      rows++
      // up to 12 outages of 2 to 180 minutes at random times of the month
      const outages = Math.floor(rnd() * 13)
      const starts = Array.from(
        { length: outages },
        () => from + Math.floor(rnd() * (to - from - 4 * 3_600_000)),
      )
      starts.sort((a, b) => a - b)
      let last = from - 1
      for (const s of starts) {
        if (s <= last) continue
        const end = s + (2 + Math.floor(rnd() * 178)) * 60_000
        hist.run(tenantId, d, s, rnd() < 0.1 ? 'auth_failed' : 'offline')
        hist.run(tenantId, d, end, 'online')
        rows += 2
        last = end
      }
    }
    const win = db.prepare(
      `INSERT INTO maintenance_windows (id, tenant_id, name, scope_kind, scope_id, kind, starts_at,
        ends_at, week_days, start_minute, duration_min, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
    )
    win.run(
      id('W', 0),
      tenantId,
      'Tuesday patching',
      'tenant',
      null,
      'weekly',
      null,
      null,
      2,
      120,
      90,
    )
    for (let s = 0; s < 5; s++)
      win.run(
        id('W', s + 1),
        tenantId,
        `Site ${s + 1} works`,
        'site',
        id('S', s),
        'once',
        from + (3 + s) * DAY,
        from + (3 + s) * DAY + 4 * 3_600_000,
        0,
        0,
        0,
      )
  })()
  db.close()
  process.stdout.write(`seeded ${DEVICES} devices, ${rows} status changes, 6 maintenance windows\n`)

  const t0 = performance.now()
  const res = await call('POST', '/reports', { kind: 'sla', from: day(from), to: day(to - DAY) })
  const ms = performance.now() - t0
  const body = await res.text()
  if (res.status !== 201) throw new Error(`report answered ${res.status}: ${body.slice(0, 300)}`)
  const report = (
    JSON.parse(body) as { report: { downloadUrl: string; pages: number; bytes: number } }
  ).report
  const pdf = await fetch(server.url + report.downloadUrl, {
    headers: { Authorization: `Bearer ${key}` },
  })
  const bytes = Buffer.from(await pdf.arrayBuffer())
  const lines = pdfLines(bytes)
  const listed = lines.filter((l) => /^router-\d{4}$/.test(l)).length
  if (listed !== DEVICES) throw new Error(`the PDF lists ${listed} of ${DEVICES} devices`)
  if (pdfPageCount(bytes) !== report.pages) throw new Error('page count differs')
  const rss = rssOf(server.pid)
  process.stdout.write(
    `monthly SLA report, ${DEVICES} devices: ${(ms / 1000).toFixed(2)} s (target < ${TARGET_MS / 1000} s), ` +
      `${report.pages} pages, ${(report.bytes / 1024).toFixed(0)} KB; server RSS ${rss.rss.toFixed(0)} MB; load ${loadAvg()}\n`,
  )
  if (ms > TARGET_MS) throw new Error(`too slow: ${ms.toFixed(0)} ms`)
} finally {
  await stopServer(server)
  rmSync(dataDir, { recursive: true, force: true })
}
