// The device table with 10,000 devices in one tenant (plus 2,000 in another): first the list
// query alone (first page, searches, each sort, filters), then whole pages through the app
// (app.request: session, tenant scope, query, JSX render; no socket). Prints p50/p95 per case;
// the target is p95 under 100 ms server time per page.
// Run: node test/bench/devices-table.ts
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { forTenant, type TenantScope } from '../../src/db/tenant-scope.ts'
import { listDevicePage } from '../../src/devices/device-list.repo.ts'
import { deviceListQuerySchema } from '../../src/devices/devices.schema.ts'
import { endpointWithDefaults, sealCredentials } from '../../src/device-access/index.ts'
import { newId, type TenantId } from '../../src/lib/ids.ts'
import type { TestDeps } from '../support/db.ts'

const N = 10_000
const RUNS = 40
const STATUSES = [
  'online',
  'online',
  'online',
  'degraded',
  'offline',
  'auth_failed',
  'unknown',
] as const
const VERSIONS = ['6.49.10', '7.15.3', '7.18.2', '7.19.1']

async function seed(scope: TenantScope, n: number, key: Uint8Array, now: number) {
  const sites = Array.from({ length: 50 }, (_, i) => ({
    id: newId(now),
    name: `site-${i}`,
    created_at: now,
  }))
  const tags = Array.from({ length: 20 }, (_, i) => ({
    id: newId(now),
    name: `tag-${i}`,
    created_at: now,
  }))
  await scope.insertInto('sites', sites as never).execute()
  await scope.insertInto('tags', tags as never).execute()
  for (let start = 0; start < n; start += 200) {
    const rows = []
    const links = []
    for (let i = start; i < Math.min(n, start + 200); i++) {
      const id = newId(now)
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
        site_id: sites[i % sites.length]?.id,
        identity: `id-${i}`,
        board: 'RB5009UG+S+',
        version: VERSIONS[i % VERSIONS.length],
        last_status: STATUSES[i % STATUSES.length],
        last_seen_at: now - (i % 600) * 1000,
        created_at: now,
        updated_at: now,
      })
      links.push(
        { device_id: id, tag_id: tags[i % tags.length]?.id },
        { device_id: id, tag_id: tags[(i * 7) % tags.length]?.id },
      )
    }
    await scope.insertInto('devices', rows as never).execute()
    await scope
      .insertInto('device_tags', links as never)
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
  return { site: sites[3]?.id ?? '', tag: tags[5]?.id ?? '' }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** The app bundled into .tmp/ (gitignored), so its .tsx views load under plain node. */
async function loadApp() {
  const outfile = join(root, '.tmp/bench/devices-app.mjs')
  await build({
    entryPoints: [join(root, 'test/bench/support/devices-app-entry.ts')],
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
  )) as typeof import('./support/devices-app-entry.ts')
}

async function timePages(
  m: Awaited<ReturnType<typeof loadApp>>,
  t: Awaited<ReturnType<Awaited<ReturnType<typeof loadApp>>['createTestApp']>>,
  tenantId: TenantId,
  tag: string,
) {
  const operator = await m.loginAs(t, 'operator', tenantId)
  const pages: [string, string][] = [
    ['GET /devices', '/devices'],
    ['GET /devices?q=router-0123', '/devices?q=router-0123'],
    ['GET /devices?sort=host&dir=desc', '/devices?sort=host&dir=desc'],
    ['GET /devices?sort=status', '/devices?sort=status'],
    ['GET /devices?tag=… (htmx rows)', `/devices?tag=${tag}`],
    ['GET /api/v1/devices (500)', '/api/v1/devices'],
  ]
  process.stdout.write(
    `\n${'page (app.request)'.padEnd(34)} ${'status'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}\n`,
  )
  for (const [label, url] of pages) {
    const times: number[] = []
    let status = 0
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now()
      const res = await operator.get(url, { htmx: label.includes('htmx') })
      await res.text()
      status = res.status
      times.push(performance.now() - s)
    }
    times.sort((x, y) => x - y)
    process.stdout.write(
      `${label.padEnd(34)} ${String(status).padStart(6)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)}\n`,
    )
  }
}

async function main() {
  const m = await loadApp()
  const t = await m.createTestApp()
  const deps: TestDeps = t.deps
  const now = Date.now()
  const a = (await m.makeTenant(deps, 'bench-a')).id
  const b = (await m.makeTenant(deps, 'bench-b')).id
  const key = new Uint8Array(32).fill(3)
  const t0 = performance.now()
  const ids = await seed(forTenant(deps.kysely, a), N, key, now)
  await seed(forTenant(deps.kysely, b), 2000, key, now)
  const seedMs = performance.now() - t0
  const scope = forTenant(deps.kysely, a)
  const cases: [string, Record<string, string>][] = [
    ['first page (name)', {}],
    ['page 100 (name)', { page: '100' }],
    ['search "router-0123"', { q: 'router-0123' }],
    ['search host "10.0.3"', { q: '10.0.3' }],
    ['sort host desc', { sort: 'host', dir: 'desc' }],
    ['sort status', { sort: 'status' }],
    ['sort version', { sort: 'version' }],
    ['sort site', { sort: 'site' }],
    ['sort last seen', { sort: 'last_seen' }],
    ['filter status offline', { status: 'offline' }],
    ['filter tag', { tag: ids.tag }],
    ['filter site + version', { site: ids.site, version: '7.18.2' }],
  ]
  process.stdout.write(`seeded ${N} + 2000 devices in ${seedMs.toFixed(0)} ms\n\n`)
  process.stdout.write(
    `${'query'.padEnd(28)} ${'rows'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}\n`,
  )
  for (const [label, raw] of cases) {
    const q = deviceListQuerySchema.parse(raw)
    const times: number[] = []
    let total = 0
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now()
      total = (await listDevicePage(scope, q)).total
      times.push(performance.now() - s)
    }
    times.sort((x, y) => x - y)
    process.stdout.write(
      `${label.padEnd(28)} ${String(total).padStart(6)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)}\n`,
    )
  }
  await timePages(m, t, a, ids.tag)
  await t.close()
}

await main()
