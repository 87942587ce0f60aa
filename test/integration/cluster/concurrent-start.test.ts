// Several Outpost processes starting at once against one PostgreSQL (issue 20: "start as many as
// you like") each run the owner's setup: migrations, row-level security, the app role's grants.
// Run concurrently they all succeed (concurrent GRANTs used to fail with "tuple concurrently
// updated"), and a start against a database already set up leaves the tenant policies in place
// (it used to drop and re-create them, so the running processes saw no rows in between).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openPostgres } from '../../../src/db/connect-pg.ts'
import { migratePostgres } from '../../../src/db/migrations-pg/migrate-pg.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

let pg: TestPostgres
beforeAll(async () => {
  pg = await startPostgres()
  pg.psql('CREATE ROLE cs_app LOGIN')
  pg.psql('CREATE DATABASE cs')
}, 60_000)
afterAll(() => pg?.stop())

const policies = () =>
  pg.psql(
    "SELECT string_agg(p.oid::text, ',' ORDER BY p.oid) FROM pg_policy p WHERE p.polname = 'outpost_tenant_isolation'",
    'cs',
  )

it('sets up one database from several processes at once, and again without touching the policies', async () => {
  const owners = Array.from({ length: 4 }, () => openPostgres(pg.urlFor('cs'), { max: 1 }))
  try {
    const first = await Promise.allSettled(
      owners.map((o) => migratePostgres(o.kysely, { appRole: 'cs_app' })),
    )
    expect(first.filter((r) => r.status === 'rejected')).toEqual([])
    const before = policies()
    expect(before.split(',').length).toBeGreaterThan(10)
    const again = await Promise.allSettled(
      owners.map((o) => migratePostgres(o.kysely, { appRole: 'cs_app' })),
    )
    expect(again.filter((r) => r.status === 'rejected')).toEqual([])
    expect(policies()).toBe(before)
    // the app role still reads and writes as granted
    expect(
      pg.psql("SELECT has_table_privilege('cs_app', 'devices', 'INSERT')::text", 'cs').trim(),
    ).toBe('true')
  } finally {
    await Promise.all(owners.map((o) => o.kysely.destroy()))
  }
}, 120_000)
