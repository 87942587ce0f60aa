// Config backups: `npm run bench -- backups` (or `node test/bench/backups.ts`).
// 1. normalise -> compare -> diff (+ summary) of a ~350 KB export against a changed copy: CPU ms
//    per run (target < 200 ms);
// 2. stored size vs raw for the export fixtures, through storeCapture (target >= 5x smaller);
// 3. fleet search over the latest configs of 10,000 devices (target < 300 ms per query).
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { diffLines, unifiedDiff } from '../../src/backups/diff.ts'
import { maskSecrets } from '../../src/backups/mask.ts'
import { normalizeExport } from '../../src/backups/normalize.ts'
import { summarizeChange } from '../../src/backups/summary.ts'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import type { TenantId } from '../../src/lib/ids.ts'

const root = join(import.meta.dirname, '../..')
const bundle = join(root, '.tmp/bench/backups-entry.mjs')
await build({
  entryPoints: [join(root, 'test/bench/support/backups-entry.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
})
const {
  addDevice,
  createTestDeps,
  sqliteOf,
  deviceCreateSchema,
  forTenant,
  listBackups,
  newId,
  searchConfigs,
  storeCapture,
} = (await import(pathToFileURL(bundle).href)) as typeof import('./support/backups-entry.ts')

const DIR = join(import.meta.dirname, '../fixtures/exports')
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.rsc'))
  .map((f) => ({ f, text: readFileSync(join(DIR, f), 'utf8') }))
const out = (s: string): boolean => process.stdout.write(s + '\n')
let failed = false
const verdict = (ok: boolean): string => {
  if (!ok) failed = true
  return ok ? 'ok' : 'MISSED'
}
out(
  `machine: ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)

// 1 --------------------------------------------------------------------------------------------
/** A 6.49-style export grown to ~350 KB with address lists and firewall rules, CRLF like SSH. */
function bigExport(seed: number): string {
  const base = fixtures.find((x) => x.f === 'rb4011_6.49.10.rsc')?.text.replace(/\r\n/g, '\n') ?? ''
  const lines = [base.trimEnd(), '/ip firewall address-list']
  for (let i = 0; i < 3300; i++)
    lines.push(
      `add address=10.${(i >> 8) & 255}.${i & 255}.0/24 comment="customer ${i} site ${seed}" list=customers-${i % 40}`,
    )
  lines.push('/ip firewall mangle')
  for (let i = 0; i < 600; i++) {
    lines.push(
      `add action=mark-routing chain=prerouting comment="policy route ${i}" dst-address-list=customers-${i % 40} \\`,
    )
    lines.push(
      `    new-routing-mark=to-isp${i % 3} passthrough=no src-address=192.168.${i % 255}.0/24`,
    )
  }
  return lines.join('\r\n') + '\r\n'
}
const A = bigExport(1)
const B = A.replace('# nov/28/2024 02:10:33', '# nov/29/2024 02:10:33')
  .replace('comment="customer 17 site 1"', 'comment="customer 17 site 1 moved"')
  .replace('add address=10.0.200.0/24 comment="customer 200 site 1" list=customers-0\r\n', '')
  .replace(
    '/ip firewall mangle\r\n',
    '/ip firewall mangle\r\nadd action=accept chain=prerouting comment=new\r\n',
  )
out(`\n1. normalise -> compare -> diff of a ${(A.length / 1024).toFixed(0)} KB export`)
function pipeline(): { hunks: number; added: number } {
  const na = normalizeExport(A)
  const nb = normalizeExport(B)
  const same =
    createHash('sha256').update(na).digest('hex') === createHash('sha256').update(nb).digest('hex')
  if (same) throw new Error('expected a change')
  const d = diffLines(na, nb)
  const text = unifiedDiff(d)
  const s = summarizeChange(na, nb, d)
  return { hunks: text.split('\n@@').length - 1, added: s.added }
}
pipeline() // warm-up (JIT)
const cpuRuns: number[] = []
for (let i = 0; i < 15; i++) {
  const c0 = process.cpuUsage()
  pipeline()
  const c = process.cpuUsage(c0)
  cpuRuns.push((c.user + c.system) / 1000)
}
cpuRuns.sort((x, y) => x - y)
const median = cpuRuns[Math.floor(cpuRuns.length / 2)] as number
const r1 = pipeline()
out(
  `   ${r1.hunks} hunks, +${r1.added}; CPU per run: median ${median.toFixed(1)} ms, min ${cpuRuns[0]?.toFixed(1)} ms, max ${cpuRuns.at(-1)?.toFixed(1)} ms (target < 200 ms): ${verdict(median < 200)}`,
)
const c0 = process.cpuUsage()
maskSecrets(A)
const mc = process.cpuUsage(c0)
out(`   masking the same export for a viewer: ${((mc.user + mc.system) / 1000).toFixed(1)} ms CPU`)

// 2 --------------------------------------------------------------------------------------------
const deps = await createTestDeps()
const tenantId = newId<TenantId>()
await deps.db
  .insertInto('tenants')
  .values({ id: tenantId, name: 'bench', created_at: deps.clock.now() })
  .execute()
const scope = forTenant(deps.kysely, tenantId)
const ctx = { deps, scope }
const actor = { kind: 'user' as const, id: 'U1', name: 'bench', ip: null }
let raw = 0
let stored = 0
out('\n2. stored size vs raw (storeCapture: zstd with dictionary, then sealed)')
for (const [i, { f, text }] of [...fixtures, { f: 'big-350KB (generated)', text: A }].entries()) {
  const input = deviceCreateSchema.parse({
    name: `dev-${i}`,
    host: `10.9.0.${i + 1}`,
    username: 'admin',
    password: 'pw-123456',
  })
  const d = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
  if (!d.ok) throw new Error('device')
  const r = await storeCapture(ctx, d.device.id, { stdout: text, stderr: '', exitCode: 0 })
  if (!r.ok) throw new Error(`${f}: ${r.reason}`)
  const again = await storeCapture(ctx, d.device.id, { stdout: text, stderr: '', exitCode: 0 })
  if (!again.ok || again.changed || (await listBackups(ctx, d.device.id)).length !== 1)
    throw new Error('unchanged config stored again')
  const ratio = r.backup.rawSize / r.backup.storedSize
  out(
    `   ${f.padEnd(46)} ${String(r.backup.rawSize).padStart(7)} B -> ${String(r.backup.storedSize).padStart(6)} B  ${ratio.toFixed(1)}x`,
  )
  if (!f.startsWith('big')) {
    raw += r.backup.rawSize
    stored += r.backup.storedSize
  }
}
out(
  `   fixtures total: ${raw} B -> ${stored} B = ${(raw / stored).toFixed(2)}x smaller (target >= 5x): ${verdict(raw / stored >= 5)}`,
)
out('   storing an unchanged capture again: no new version (checked for every fixture)')

// 3 --------------------------------------------------------------------------------------------
const DEVICES = 10_000
out(`\n3. fleet search over ${DEVICES} devices' latest configs`)
const bodies = fixtures.map(({ text }) => maskSecrets(normalizeExport(text)))
const t0 = performance.now()
const insert = sqliteOf(deps).prepare(
  'INSERT INTO device_config_search (tenant_id, device_id, backup_id, body) VALUES (?, ?, ?, ?)',
)
sqliteOf(deps).transaction(() => {
  for (let i = 0; i < DEVICES; i++) {
    const body = (bodies[i % bodies.length] as string)
      .replace(/set name=\S+/, `set name=site-${i}-gw`)
      .concat(
        `/ip address\nadd address=172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32 comment="mgmt ${i}" interface=lo\n/user\nadd group=read name=tech${i}\n`,
      )
    insert.run(tenantId, `dev${i}`, `b${i}`, body)
  }
})()
const chars =
  (sqliteOf(deps)
    .prepare('SELECT sum(length(body)) FROM device_config_search')
    .pluck()
    .get() as number) / 1e6
out(
  `   indexed ${chars.toFixed(1)} M characters in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
)
const queries = [
  '172.16.39.15/32',
  'tech7777',
  'log-prefix=#VPN',
  'dst-port=13231 protocol=udp',
  'in-interface-list=WAN',
  'ether1',
]
let worst = 0
for (const q of queries) {
  await searchConfigs(ctx, q, 50) // warm the page cache
  const times: number[] = []
  let hits = 0
  for (let i = 0; i < 5; i++) {
    const s = performance.now()
    hits = (await searchConfigs(ctx, q, 50)).length
    times.push(performance.now() - s)
  }
  times.sort((x, y) => x - y)
  const med = times[2] as number
  worst = Math.max(worst, med)
  out(
    `   ${JSON.stringify(q).padEnd(30)} ${String(hits).padStart(3)} hits (limit 50)  median ${med.toFixed(1)} ms`,
  )
}
out(`   slowest query median ${worst.toFixed(1)} ms (target < 300 ms): ${verdict(worst < 300)}`)
await deps.close()
if (failed) process.exit(1)
