// The fleet dashboard and a device page with 10,000 devices in one tenant (plus 2,000 in another),
// 5,000 device events, the poller's latest values for every device and an hour of samples for the
// device shown: whole pages through the app (app.request: session, tenant scope, queries, JSX
// render; no socket). Prints p50/p95 per page; the target is p95 under 100 ms.
// Run: node test/bench/dashboard-page.ts
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { forTenant, type TenantScope } from '../../src/db/tenant-scope.ts'
import { endpointWithDefaults, sealCredentials } from '../../src/device-access/index.ts'
import { newId } from '../../src/lib/ids.ts'

const N = 10_000
const RUNS = 40
const STATUSES = [
  'online',
  'online',
  'online',
  'online',
  'degraded',
  'offline',
  'auth_failed',
  'unknown',
] as const
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

async function loadApp() {
  const outfile = join(root, '.tmp/bench/dashboard-app.mjs')
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

async function seed(scope: TenantScope, n: number, now: number): Promise<string[]> {
  const key = new Uint8Array(32).fill(3)
  const ids: string[] = []
  for (let start = 0; start < n; start += 200) {
    const rows = []
    for (let i = start; i < Math.min(n, start + 200); i++) {
      const id = newId(now)
      ids.push(id)
      const status = STATUSES[i % STATUSES.length]
      rows.push({
        id,
        name: `router-${String(i).padStart(5, '0')}`,
        host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        ...sealCredentials(
          key,
          scope.tenantId,
          id,
          { username: 'admin', password: `pw-${i}` },
          endpointWithDefaults({ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }),
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
  for (let start = 0; start < 5000; start += 500) {
    const events = Array.from({ length: 500 }, (_, k) => ({
      id: newId(now - (start + k) * 1000),
      device_id: ids[(start + k) % ids.length],
      at: now - (start + k) * 1000,
      kind: 'came_online',
      message: 'Device came online',
    }))
    await scope.insertInto('device_events', events as never).execute()
  }
  return ids
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function main() {
  const m = await loadApp()
  const t = await m.createDashboardApp()
  const now = t.deps.clock.now()
  const a = (await m.makeTenant(t.deps, 'bench-a')).id
  const b = (await m.makeTenant(t.deps, 'bench-b')).id
  const t0 = performance.now()
  const ids = await seed(forTenant(t.deps.kysely, a), N, now)
  await seed(forTenant(t.deps.kysely, b), 2000, now)
  ids.forEach((id, i) =>
    t.latest.set(id, {
      tenantId: a,
      latest: { at: now, cpu: i % 100, memUsed: (i * 7) % 100, trafficBps: i * 1000 },
    }),
  )
  const shown = ids[0] as string
  for (let i = 0; i < 60; i++) {
    const points = [
      { metric: 'cpu' as const, value: i },
      { metric: 'mem_used' as const, value: 40 },
      { metric: 'disk_used' as const, value: 20 },
    ]
    for (const ifc of ['ether1', 'ether2', 'ether3', 'bridge'])
      points.push(
        { metric: 'if_rx' as never, label: ifc, value: 1e6 } as never,
        { metric: 'if_tx' as never, label: ifc, value: 5e5 } as never,
      )
    t.metrics.record(a, shown, now - (59 - i) * 60_000, points)
  }
  t.metrics.flush(now)
  process.stdout.write(
    `seeded ${N} + 2000 devices, 10000 events in ${(performance.now() - t0).toFixed(0)} ms\n\n`,
  )
  const viewer = await m.loginAs(t, 'viewer', a)
  const pages: [string, string, boolean][] = [
    ['GET / (dashboard page)', '/', false],
    ['GET / (htmx live panels)', '/', true],
    ['GET /devices/:id/overview (htmx)', `/devices/${shown}/overview?range=1h`, true],
    ['GET /devices/:id/interfaces', `/devices/${shown}/interfaces?range=1h`, false],
    ['GET /devices/:id/interfaces 30d', `/devices/${shown}/interfaces?range=30d`, false],
    ['GET /devices/:id/events', `/devices/${shown}/events`, false],
  ]
  process.stdout.write(
    `${'page (app.request)'.padEnd(36)} ${'status'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}\n`,
  )
  for (const [label, url, htmx] of pages) {
    const times: number[] = []
    let status = 0
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now()
      const res = await viewer.get(url, { htmx })
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

await main()
