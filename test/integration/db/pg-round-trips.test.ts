// Round trips of the PostgreSQL driver (issue 20, poll path cost): a transaction's BEGIN travels
// with its tenant settings in one round trip, a transaction that ran nothing sends nothing, and a
// repeated statement is prepared once per connection instead of parsed and planned every call.
// Row-level security still holds (pg-runtime.test.ts covers the settings themselves).
import { sql } from 'kysely'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openPostgres, type OpenPostgres } from '../../../src/db/connect-pg.ts'
import { preparePostgres } from '../../../src/db/pg-startup.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { ApiKeyId, TenantId } from '../../../src/lib/ids.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

const A = 'tenant-a' as TenantId
const B = 'tenant-b' as TenantId
let server: TestPostgres
let single: OpenPostgres
let client: pg.PoolClient
let sent: ReturnType<typeof vi.spyOn>

beforeAll(async () => {
  server = await startPostgres()
  server.psql('CREATE ROLE outpost_app LOGIN')
  server.psql('CREATE DATABASE rt')
  const appUrl = server.urlFor('rt', 'outpost_app')
  await preparePostgres({ url: appUrl, ownerUrl: server.urlFor('rt') })
  // one pooled connection, so every statement below goes through the client spied on
  single = openPostgres(appUrl, { max: 1 })
  for (const t of [A, B])
    await single.kysely.insertInto('tenants').values({ id: t, name: t, created_at: 1 }).execute()
  client = await single.pool.connect()
  client.release()
  sent = vi.spyOn(client, 'query')
})

afterAll(async () => {
  await single?.kysely.destroy()
  server?.stop()
})

const key = (id: string) => ({
  id: id as ApiKeyId,
  name: id,
  prefix: id,
  key_hash: `hash-${id}`,
  role: 'viewer' as const,
  created_by_user_id: null,
  created_at: 1,
})

const texts = () =>
  sent.mock.calls.map((c: unknown[]) => {
    const q = c[0] as string | { text: string }
    return typeof q === 'string' ? q : q.text
  })

describe('PostgreSQL driver round trips', () => {
  it('a tenant transaction sends BEGIN with its settings: three round trips for one statement', async () => {
    sent.mockClear()
    await forTenant(single.kysely, A).transaction(async (tx) => {
      await tx.insertInto('api_keys', key('a1')).execute()
    })
    const t = texts()
    expect(t).toHaveLength(3)
    expect(t[0]).toMatch(/^BEGIN; SELECT set_config\('outpost\.tenant_id', 'tenant-a', true\)/)
    expect(t[1]).toMatch(/^insert into "api_keys"/)
    expect(t[2]).toBe('COMMIT')
    // the row is the tenant's own under row-level security
    const rows = await forTenant(single.kysely, B).selectFrom('api_keys').select('id').execute()
    expect(rows).toEqual([])
    const mine = await forTenant(single.kysely, A).selectFrom('api_keys').select('id').execute()
    expect(mine).toEqual([{ id: 'a1' }])
  })

  it('a transaction that ran no statement sends nothing', async () => {
    sent.mockClear()
    await forTenant(single.kysely, A).transaction(async () => undefined)
    await expect(
      forTenant(single.kysely, A).transaction(async () => {
        throw new Error('before any statement')
      }),
    ).rejects.toThrow('before any statement')
    expect(texts()).toEqual([])
  })

  it('prepares a repeated statement once per connection', async () => {
    const read = (id: TenantId) =>
      forTenant(single.kysely, id).selectFrom('api_keys').select('id').execute()
    await read(A)
    await read(B)
    const prepared = await sql<{ statement: string }>`
      SELECT statement FROM pg_prepared_statements
      WHERE statement LIKE 'select "id" from "api_keys"%'`.execute(single.kysely.withoutPlugins())
    expect(prepared.rows).toHaveLength(1)
  })
})
