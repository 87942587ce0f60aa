// Topology of 500 devices in one tenant (25 sites, each router reporting its upstream, its two
// ring neighbours and one unmanaged switch by MAC), rendered on the server: the graph service
// alone (queries + matching + dagre layout), then GET /topology (SVG page) and GET
// /api/v1/topology through the app (session, scope, render; no socket). The target is
// under 1 s on the server. Prints p50/p95, RSS and the load average.
// Run: npm run bench -- topology
import { build } from 'esbuild'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { forTenant, type TenantScope } from '../../src/db/tenant-scope.ts'
import { endpointWithDefaults, sealCredentials } from '../../src/device-access/index.ts'
import { newId } from '../../src/lib/ids.ts'
import { topologyGraph } from '../../src/topology/topology.service.ts'

const N = 500
const SITES = 25
const RUNS = 20
const STATUSES = ['online', 'online', 'online', 'degraded', 'offline'] as const
const mac = (i: number, port: number) =>
  `4C:5E:0C:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:${port.toString(16).padStart(2, '0')}`.toUpperCase()

async function seed(scope: TenantScope, key: Uint8Array, now: number) {
  const sites = Array.from({ length: SITES }, (_, i) => ({
    id: newId(now),
    name: `site-${i}`,
    created_at: now,
  }))
  await scope.insertInto('sites', sites as never).execute()
  const ids = Array.from({ length: N }, () => newId(now))
  const perSite = N / SITES
  for (let start = 0; start < N; start += 100) {
    const rows = []
    const snaps = []
    for (let i = start; i < start + 100; i++) {
      const host = `10.1.${i >> 8}.${i & 255}`
      const site = Math.floor(i / perSite)
      const first = site * perSite
      const local = i - first
      rows.push({
        id: ids[i],
        name: `router-${String(i).padStart(3, '0')}`,
        host,
        ...sealCredentials(
          key,
          scope.tenantId,
          ids[i] as string,
          { username: 'admin', password: 'x' },
          endpointWithDefaults({ host }),
        ),
        site_id: sites[site]?.id,
        identity: `router-${i}`,
        board: 'RB5009UG+S+',
        version: '7.15.3',
        last_status: STATUSES[i % STATUSES.length],
        created_at: now,
        updated_at: now,
      })
      // a tree per site (upstream = local/2), a ring link to the next site's first router, one switch
      const neighbours = []
      if (local > 0)
        neighbours.push({
          interfaces: ['ether1'],
          macAddress: mac(first + Math.floor((local - 1) / 2), 2 + ((local - 1) % 2)),
          remoteInterface: `ether${2 + ((local - 1) % 2)}`,
          discoveredBy: ['mndp'],
        })
      if (local === 0)
        neighbours.push({
          interfaces: ['sfp-sfpplus1'],
          macAddress: mac(((site + 1) % SITES) * perSite, 9),
          remoteInterface: 'sfp-sfpplus1',
          discoveredBy: ['lldp'],
        })
      neighbours.push({
        interfaces: ['ether8'],
        macAddress:
          `AA:BB:CC:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`.toUpperCase(),
        identity: `switch-${i}`,
        platform: 'Cisco',
        discoveredBy: ['cdp'],
      })
      const interfaces = [1, 2, 3, 8, 9].map((p) => ({
        name: p === 9 ? 'sfp-sfpplus1' : `ether${p}`,
        macAddress: mac(i, p),
      }))
      snaps.push(
        {
          device_id: ids[i],
          kind: 'neighbours',
          data_json: JSON.stringify(neighbours),
          updated_at: now,
        },
        {
          device_id: ids[i],
          kind: 'interfaces',
          data_json: JSON.stringify(interfaces),
          updated_at: now,
        },
      )
    }
    await scope.insertInto('devices', rows as never).execute()
    await scope.insertInto('device_snapshots', snaps as never).execute()
  }
}

const pct = (s: number[], p: number) =>
  s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

async function loadApp() {
  const outfile = join(root, '.tmp/bench/topology-app.mjs')
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

async function time(label: string, fn: () => Promise<string>) {
  const times: number[] = []
  let size = ''
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now()
    size = await fn()
    times.push(performance.now() - s)
  }
  times.sort((a, b) => a - b)
  process.stdout.write(
    `${label.padEnd(34)} ${size.padStart(16)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)}\n`,
  )
}

async function main() {
  const m = await loadApp()
  const t = await m.createTestApp()
  const tenant = await m.makeTenant(t.deps, 'bench-topology')
  const scope = forTenant(t.deps.kysely, tenant.id)
  await seed(scope, new Uint8Array(32).fill(5), Date.now())
  const viewer = await m.loginAs(t, 'viewer', tenant.id)
  const cold = performance.now()
  const first = await topologyGraph({ scope })
  const coldMs = performance.now() - cold
  process.stdout.write(
    `seeded ${N} devices in ${SITES} sites: ${first.nodes.length} nodes, ${first.links.length} links\n`,
  )
  process.stdout.write(`first graph (layout not cached yet): ${coldMs.toFixed(0)} ms\n\n`)
  process.stdout.write(
    `${'case'.padEnd(34)} ${'result'.padStart(16)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}\n`,
  )
  await time(
    'topologyGraph() (layout cached)',
    async () => `${(await topologyGraph({ scope })).nodes.length} nodes`,
  )
  for (const url of ['/topology', '/api/v1/topology', '/topology/map']) {
    await time(`GET ${url}`, async () => {
      const res = await viewer.get(url)
      const body = await res.text()
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
      return `${Math.round(body.length / 1024)} KiB`
    })
  }
  const rss = process.memoryUsage().rss
  process.stdout.write(
    `\nRSS ${(rss / 1048576).toFixed(0)} MiB; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  await t.close()
}

await main()
