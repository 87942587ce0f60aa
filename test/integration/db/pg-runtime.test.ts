// The PostgreSQL runtime (issue 20) against a throwaway server, connected as the app role: every
// tenant handle's query carries its tenant in a transaction-local setting, so row-level security
// holds even when a query lacks the tenant filter; the setting never outlives its transaction on
// a pooled connection; one transaction can switch between scopes; the dialect's spellings run.
import { sql, type KyselyPlugin } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.ts'
import { openPostgres, type OpenPostgres } from '../../../src/db/connect-pg.ts'
import { containsText, fullTextMatch, fullTextRank } from '../../../src/db/dialect.ts'
import { pendingMigrations } from '../../../src/db/migrate.ts'
import { preparePostgres } from '../../../src/db/pg-startup.ts'
import { markQuery } from '../../../src/db/query-mode.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import { closeDeps, createDeps, type Deps } from '../../../src/deps.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createSilentLogger } from '../../../src/log.ts'
import { TEST_SECRETS } from '../../support/db.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

const A = 'tenant-a' as TenantId
const B = 'tenant-b' as TenantId
let server: TestPostgres
let deps: Deps
let single: OpenPostgres
let dir: string
let appUrl: string

/** A handle marked as tenant A's without the guard: what a guard bug would let through. */
function unguardedAs(tenantId: string): KyselyPlugin {
  return {
    transformQuery: (args) => {
      markQuery(args.queryId, { kind: 'tenant', tenantId })
      return args.node
    },
    transformResult: async (args) => args.result,
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row for any handle below
const key = (tenant: string, id: string): any => ({
  id,
  name: id,
  prefix: id,
  key_hash: `hash-${id}`,
  role: 'viewer' as const,
  created_by_user_id: null,
  created_at: 1,
  tenant_id: tenant,
})

beforeAll(async () => {
  server = await startPostgres()
  server.psql('CREATE ROLE outpost_app LOGIN')
  server.psql('CREATE DATABASE rt')
  appUrl = server.urlFor('rt', 'outpost_app')
  await preparePostgres({ url: appUrl, ownerUrl: server.urlFor('rt') })
  dir = mkdtempSync(join(tmpdir(), 'outpost-pg-rt-'))
  const config = loadConfig({
    OUTPOST_DATA_DIR: dir,
    OUTPOST_LOG_LEVEL: 'silent',
    OUTPOST_DATABASE_URL: appUrl,
  })
  deps = createDeps(config, { log: createSilentLogger(), secrets: TEST_SECRETS })
  single = openPostgres(appUrl, { max: 1 })
  await withTransaction(deps, async (tx) => {
    for (const t of [A, B])
      await tx.global
        .insertInto('tenants')
        .values({ id: t, name: t, created_at: 1, is_disabled: 0 })
        .execute()
    await tx.scope(A).insertInto('api_keys', key(A, 'a1')).execute()
    await tx.scope(B).insertInto('api_keys', key(B, 'b1')).execute()
  })
})

afterAll(async () => {
  await single?.kysely.destroy()
  if (deps !== undefined) await closeDeps(deps)
  server?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('PostgreSQL runtime', () => {
  it('is fully migrated, as the app role that bypasses nothing', async () => {
    expect(deps.dialect).toBe('postgres')
    expect(await pendingMigrations(deps.kysely)).toEqual([])
    const r = await sql<{ who: string }>`SELECT current_user AS who`.execute(deps.kysely)
    expect(r.rows[0]?.who).toBe('outpost_app')
  })

  it('a tenant scope sees its own rows; an unscoped read sees every tenant', async () => {
    const a = await forTenant(deps.kysely, A).selectFrom('api_keys').select('id').execute()
    expect(a.map((r) => r.id)).toEqual(['a1'])
    const all = await deps.unscoped.selectFrom('api_keys').select('id').orderBy('id').execute()
    expect(all.map((r) => r.id)).toEqual(['a1', 'b1'])
  })

  it('row-level security holds a query that lacks the tenant filter to its tenant', async () => {
    const leaky = deps.kysely.withoutPlugins().withPlugin(unguardedAs(A))
    const rows = await leaky.selectFrom('api_keys').select('id').execute()
    expect(rows.map((r) => r.id)).toEqual(['a1'])
    // and refuses to write another tenant's row
    await expect(leaky.insertInto('api_keys').values(key(B, 'b2')).execute()).rejects.toThrow(
      /row-level security/,
    )
    const deleted = await leaky
      .deleteFrom('api_keys')
      .where('id', '=', 'b1' as never)
      .executeTakeFirst()
    expect(deleted.numDeletedRows).toBe(0n)
  })

  it('a query built outside every handle sees no tenant rows', async () => {
    const bare = deps.kysely.withoutPlugins()
    expect(await bare.selectFrom('api_keys').selectAll().execute()).toEqual([])
  })

  it('never leaves the setting on a pooled connection, after success or failure', async () => {
    const settings = sql<{ t: string | null; s: string | null }>`SELECT
      current_setting('outpost.tenant_id', true) AS t, current_setting('outpost.scope', true) AS s`
    const bare = single.kysely.withoutPlugins()
    await forTenant(single.kysely, A).selectFrom('api_keys').selectAll().execute()
    let r = await settings.execute(bare)
    expect([r.rows[0]?.t || null, r.rows[0]?.s || null]).toEqual([null, null])
    // a scoped statement that fails (duplicate key) rolls its transaction back
    await expect(
      forTenant(single.kysely, A).insertInto('api_keys', key(A, 'a1')).execute(),
    ).rejects.toThrow(/duplicate key/)
    r = await settings.execute(bare)
    expect([r.rows[0]?.t || null, r.rows[0]?.s || null]).toEqual([null, null])
    expect(await bare.selectFrom('api_keys').selectAll().execute()).toEqual([])
    // the global scope of an unscoped read does not stay either
    await single.kysely.selectFrom('api_keys').selectAll().execute()
    r = await settings.execute(bare)
    expect(r.rows[0]?.s || null).toBe(null)
  })

  it('switches the setting between scopes inside one transaction, all or nothing', async () => {
    await expect(
      withTransaction(deps, async (tx) => {
        await tx.scope(A).insertInto('api_keys', key(A, 'a2')).execute()
        await tx.scope(B).insertInto('api_keys', key(B, 'b2')).execute()
        const seen = await tx.unscoped.selectFrom('api_keys').select('id').orderBy('id').execute()
        expect(seen.map((r) => r.id)).toEqual(['a1', 'a2', 'b1', 'b2'])
        const onlyA = await tx.scope(A).selectFrom('api_keys').select('id').execute()
        expect(onlyA.map((r) => r.id).sort()).toEqual(['a1', 'a2'])
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    const after = await deps.unscoped.selectFrom('api_keys').select('id').orderBy('id').execute()
    expect(after.map((r) => r.id)).toEqual(['a1', 'b1'])
  })

  it('spells containsText and full-text search for PostgreSQL', async () => {
    const scope = forTenant(deps.kysely, A)
    const hit = await scope
      .selectFrom('api_keys')
      .select('id')
      .where((eb) => containsText(eb.ref('api_keys.name'), 'A1'))
      .execute()
    expect(hit.map((r) => r.id)).toEqual(['a1'])
    const none = await scope
      .selectFrom('api_keys')
      .select('id')
      .where((eb) => containsText(eb.ref('api_keys.name'), '%'))
      .execute()
    expect(none).toEqual([])
    const q = '"ether1" "firew"*'
    const fts = await sql<{ ok: boolean; rank: number }>`SELECT ${fullTextMatch('body', q)} AS ok,
      ${fullTextRank('body', q)} AS rank FROM (SELECT '/interface ether1 /ip firewall' AS body) AS t`.execute(
      deps.kysely.withoutPlugins(),
    )
    expect(fts.rows[0]?.ok).toBe(true)
    expect(fts.rows[0]?.rank).toBeLessThan(0)
  })
})
