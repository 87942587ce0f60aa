// The cross-customer pages (issue 15) with 1,000 and 10,000 devices spread over 20 tenants (an
// MSP's customers) and 5,000 device events, as a super admin (a member of every tenant): whole
// pages through the app (app.request: session, one scope per tenant, queries, JSX render; no
// socket). Prints p50/p95 per page and fleet size. Run: node test/bench/overview-pages.ts [N…]
import { build } from 'esbuild'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { forTenant, type TenantScope } from '../../src/db/tenant-scope.ts'
import { endpointWithDefaults, sealCredentials } from '../../src/device-access/index.ts'
import { newId } from '../../src/lib/ids.ts'

const SIZES = process.argv.slice(2).map(Number).filter(Boolean)
const TENANTS = 20
const RUNS = 30
const STATUSES = ['online', 'online', 'online', 'degraded', 'offline', 'auth_failed'] as const
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

async function loadApp() {
  const outfile = join(root, '.tmp/bench/overview-app.mjs')
  await build({
    entryPoints: [join(root, 'test/bench/support/dashboard-app-entry.ts')],
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
  return (await import(
    pathToFileURL(outfile).href
  )) as typeof import('./support/dashboard-app-entry.ts')
}

async function seed(scope: TenantScope, n: number, events: number, now: number, tag: number) {
  const key = new Uint8Array(32).fill(3)
  const ids: string[] = []
  for (let start = 0; start < n; start += 200) {
    const rows = []
    for (let i = start; i < Math.min(n, start + 200); i++) {
      const id = newId(now)
      ids.push(id)
      const status = STATUSES[i % STATUSES.length]
      const host = `10.${tag}.${(i >> 8) & 255}.${i & 255}`
      rows.push({
        id,
        name: `router-${String(tag).padStart(2, '0')}-${String(i).padStart(5, '0')}`,
        host,
        ...sealCredentials(
          key,
          scope.tenantId,
          id,
          { username: 'admin', password: `pw-${i}` },
          endpointWithDefaults({ host }),
        ),
        last_status: status,
        last_error: status === 'online' ? null : 'Connection refused',
        last_seen_at: now - (i % 600) * 1000,
        last_polled_at: now - (i % 60) * 1000,
        created_at: now,
        updated_at: now,
      })
    }
    await scope.insertInto('devices', rows as never).execute()
  }
  const evs = Array.from({ length: events }, (_, k) => ({
    id: newId(now - k * 1000),
    device_id: ids[k % ids.length],
    at: now - (k * TENANTS + tag) * 1000,
    kind: k % 2 ? 'came_online' : 'went_offline',
    message: 'Device state changed',
  }))
  for (let s = 0; s < evs.length; s += 500)
    await scope.insertInto('device_events', evs.slice(s, s + 500) as never).execute()
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

async function measure(m: Awaited<ReturnType<typeof loadApp>>, n: number) {
  const t = await m.createDashboardApp()
  const now = t.deps.clock.now()
  for (let k = 0; k < TENANTS; k++) {
    const id = (await m.makeTenant(t.deps, `customer-${String(k).padStart(2, '0')}`)).id
    await seed(forTenant(t.deps.kysely, id), n / TENANTS, 5000 / TENANTS, now, k)
  }
  const root = await m.loginAs(t, 'super_admin')
  const first = await (await root.get('/all/events?per_page=50')).text()
  const older = /href="(\/all\/events\?[^"]*before=[^"]+)"/
    .exec(first)?.[1]
    ?.replaceAll('&amp;', '&')
  const pages: [string, string][] = [
    ['GET /all', '/all'],
    ['GET /all/devices', '/all/devices'],
    ['GET /all/devices?q=router-1', '/all/devices?q=router-1'],
    ['GET /all/devices?status=attention', '/all/devices?status=attention'],
    ['GET /all/devices?page=20', '/all/devices?page=20'],
    ['GET /all/events', '/all/events'],
    ['GET /all/events (older page)', older ?? '/all/events'],
    ['GET /tenants', '/tenants'],
  ]
  process.stdout.write(
    `\n${n} devices in ${TENANTS} tenants, 5000 events, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  process.stdout.write(
    `${'page'.padEnd(36)} ${'status'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}\n`,
  )
  for (const [label, url] of pages) {
    const times: number[] = []
    let status = 0
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now()
      const res = await root.get(url)
      await res.text()
      status = res.status
      times.push(performance.now() - s)
    }
    times.sort((x, y) => x - y)
    process.stdout.write(
      `${label.padEnd(36)} ${String(status).padStart(6)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)}\n`,
    )
  }
  await t.close()
}

const m = await loadApp()
for (const n of SIZES.length > 0 ? SIZES : [1000, 10_000]) await measure(m, n)
