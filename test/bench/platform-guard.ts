// Cost of the tenant guard: compile typical scoped queries with and without the guard plugin, and
// run one against SQLite for scale. Run: node test/bench/platform-guard.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Kysely } from 'kysely'
import { openDatabase } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import type { Database } from '../../src/db/schema.ts'
import { TenantGuardPlugin } from '../../src/db/tenant-guard.ts'
import { forTenant } from '../../src/db/tenant-scope.ts'
import type { TenantId } from '../../src/lib/ids.ts'

const N = 20_000
const tenant = '01TENANT0000000000000000AA' as TenantId
const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-guard-'))
const { kysely, sqlite } = openDatabase(join(dir, 'bench.db'))
await migrateToLatest(kysely)

function queries(db: Kysely<Database>) {
  return {
    'select by id': () =>
      db
        .selectFrom('api_keys')
        .selectAll()
        .where('api_keys.tenant_id', '=', tenant)
        .where('id', '=', 'x' as never),
    'join + correlated subquery': () =>
      db
        .selectFrom('memberships as m')
        .innerJoin('users', 'users.id', 'm.user_id')
        .leftJoin('api_keys as k', (j) =>
          j
            .onRef('k.created_by_user_id', '=', 'm.user_id')
            .onRef('k.tenant_id', '=', 'm.tenant_id'),
        )
        .where('m.tenant_id', '=', tenant)
        .select((eb) => [
          'users.username',
          eb
            .selectFrom('api_keys as k2')
            .whereRef('k2.tenant_id', '=', 'm.tenant_id')
            .select((e) => e.fn.countAll().as('n'))
            .as('keys'),
        ])
        .orderBy('users.username')
        .limit(50),
  }
}

function timeCompile(build: () => { compile(): unknown }): number {
  const t0 = performance.now()
  for (let i = 0; i < N; i++) build().compile()
  return ((performance.now() - t0) * 1000) / N
}

const plain = queries(kysely)
const guarded = queries(
  kysely.withPlugin(new TenantGuardPlugin({ kind: 'tenant', tenantId: tenant })),
)
const rows: string[][] = []
for (const name of Object.keys(plain) as (keyof typeof plain)[]) {
  timeCompile(guarded[name]) // warm up
  const a = timeCompile(plain[name])
  const b = timeCompile(guarded[name])
  rows.push([name, a.toFixed(1), b.toFixed(1), (b - a).toFixed(1)])
}
const scope = forTenant(kysely, tenant)
const t0 = performance.now()
for (let i = 0; i < 2000; i++)
  await scope
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', 'x' as never)
    .execute()
rows.push([
  'scoped select executed on SQLite',
  '',
  (((performance.now() - t0) * 1000) / 2000).toFixed(1),
  '',
])

const header = ['query', 'compile µs (no guard)', 'compile µs (guard)', 'guard cost µs']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ')
process.stdout.write(
  `${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}\n`,
)
await kysely.destroy()
void sqlite
rmSync(dir, { recursive: true, force: true })
