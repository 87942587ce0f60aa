import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { TenantScopeViolation } from '../../../src/db/tenant-guard.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import { newId, type ApiKeyId, type TenantId, type UserId } from '../../../src/lib/ids.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
let tenantA: TenantId
let tenantB: TenantId
let user: UserId

async function addTenant(name: string): Promise<TenantId> {
  const id = newId<TenantId>()
  await deps.db.insertInto('tenants').values({ id, name, created_at: 1 }).execute()
  return id
}

function keyRow(name: string) {
  return {
    id: newId(),
    name,
    prefix: 'opk_x',
    key_hash: newId(),
    role: 'viewer' as const,
    created_by_user_id: user,
    created_at: 1,
  } as never
}

beforeEach(async () => {
  deps = await createTestDeps()
  tenantA = await addTenant('A')
  tenantB = await addTenant('B')
  user = newId<UserId>()
  await deps.db
    .insertInto('users')
    .values({ id: user, username: 'u', password_hash: 'h', created_at: 1, updated_at: 1 } as never)
    .execute()
  await forTenant(deps.kysely, tenantA)
    .insertInto('api_keys', [keyRow('a1'), keyRow('a2')])
    .execute()
  await forTenant(deps.kysely, tenantB).insertInto('api_keys', keyRow('b1')).execute()
})
afterEach(() => deps.close())

describe('forTenant', () => {
  it('reads only its own tenant rows', async () => {
    const rows = await forTenant(deps.kysely, tenantA)
      .selectFrom('api_keys')
      .select('name')
      .orderBy('name')
      .execute()
    expect(rows.map((r) => r.name)).toEqual(['a1', 'a2'])
  })
  it('stamps its tenant id on inserts, overriding a smuggled one', async () => {
    const smuggled = { ...(keyRow('evil') as object), tenant_id: tenantB } as never
    await forTenant(deps.kysely, tenantA).insertInto('api_keys', smuggled).execute()
    const row = await deps.unscoped
      .selectFrom('api_keys')
      .select('tenant_id')
      .where('name', '=', 'evil')
      .executeTakeFirstOrThrow()
    expect(row.tenant_id).toBe(tenantA)
  })
  it('updates and deletes only its own tenant rows', async () => {
    const a = forTenant(deps.kysely, tenantA)
    const upd = await a.updateTable('api_keys').set({ name: 'renamed' }).executeTakeFirst()
    expect(upd.numUpdatedRows).toBe(2n)
    const del = await a.deleteFrom('api_keys').executeTakeFirst()
    expect(del.numDeletedRows).toBe(2n)
    const b = await forTenant(deps.kysely, tenantB).selectFrom('api_keys').select('name').execute()
    expect(b).toEqual([{ name: 'b1' }])
  })
  it('cannot reach another tenant row by id', async () => {
    const bRow = await deps.unscoped
      .selectFrom('api_keys')
      .select('id')
      .where('tenant_id', '=', tenantB)
      .executeTakeFirstOrThrow()
    const a = forTenant(deps.kysely, tenantA)
    expect(
      await a.selectFrom('api_keys').selectAll().where('id', '=', bRow.id).executeTakeFirst(),
    ).toBeUndefined()
    const upd = await a
      .updateTable('api_keys')
      .set({ name: 'x' })
      .where('id', '=', bRow.id)
      .executeTakeFirst()
    expect(upd.numUpdatedRows).toBe(0n)
  })
  it('refuses at run time a join that forgets the tenant filter', async () => {
    const q = forTenant(deps.kysely, tenantA)
      .selectFrom('api_keys')
      .innerJoin('memberships', 'memberships.user_id', 'api_keys.created_by_user_id')
      .selectAll()
    await expect(q.execute()).rejects.toThrow(TenantScopeViolation)
  })
  it('rolls back a scope transaction as a whole', async () => {
    const a = forTenant(deps.kysely, tenantA)
    await expect(
      a.transaction(async (s) => {
        await s.insertInto('api_keys', keyRow('a3')).execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const rows = await a.selectFrom('api_keys').select('name').execute()
    expect(rows).toHaveLength(2)
  })
})

describe('TenantScope.transaction', () => {
  it('commits and sees its own writes', async () => {
    const a = forTenant(deps.kysely, tenantA)
    const n = await a.transaction(async (s) => {
      await s.insertInto('api_keys', keyRow('a3')).execute()
      return (await s.selectFrom('api_keys').select('id').execute()).length
    })
    expect(n).toBe(3)
  })
  it('throws instead of deadlocking when another handle is used inside', async () => {
    const a = forTenant(deps.kysely, tenantA)
    await expect(
      a.transaction(async () => deps.db.selectFrom('users').selectAll().execute()),
    ).rejects.toThrow(/outside the running transaction/)
  })
})

describe('GlobalDb', () => {
  it('refuses tenant tables at run time', async () => {
    const db = deps.db as unknown as typeof deps.kysely
    await expect(db.selectFrom('api_keys').selectAll().execute()).rejects.toThrow(
      TenantScopeViolation,
    )
  })
})

describe('withTransaction', () => {
  it('commits global and tenant writes together', async () => {
    const id = newId<TenantId>()
    await withTransaction(deps, async (tx) => {
      await tx.global.insertInto('tenants').values({ id, name: 'C', created_at: 2 }).execute()
      await tx
        .scope(id)
        .insertInto('memberships', {
          id: newId(),
          user_id: user,
          role: 'admin',
          created_at: 2,
        } as never)
        .execute()
    })
    const m = await forTenant(deps.kysely, id).selectFrom('memberships').select('role').execute()
    expect(m).toEqual([{ role: 'admin' }])
  })
  it('rolls back both when the callback throws', async () => {
    const id = newId<TenantId>()
    await expect(
      withTransaction(deps, async (tx) => {
        await tx.global.insertInto('tenants').values({ id, name: 'D', created_at: 2 }).execute()
        await tx
          .scope(id)
          .insertInto('memberships', {
            id: newId(),
            user_id: user,
            role: 'admin',
            created_at: 2,
          } as never)
          .execute()
        throw new Error('late failure')
      }),
    ).rejects.toThrow('late failure')
    expect(
      await deps.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined()
    expect(
      await deps.unscoped
        .selectFrom('memberships')
        .selectAll()
        .where('tenant_id', '=', id)
        .execute(),
    ).toEqual([])
  })
  it('throws instead of deadlocking when a handle outside the transaction is used inside it', async () => {
    await expect(
      withTransaction(deps, async () => {
        await deps.db.selectFrom('users').selectAll().execute()
      }),
    ).rejects.toThrow(/outside the running transaction/)
    await expect(
      withTransaction(deps, async () => {
        await forTenant(deps.kysely, tenantA).selectFrom('api_keys').selectAll().execute()
      }),
    ).rejects.toThrow(/outside the running transaction/)
    // the connection is free again afterwards
    expect(await deps.db.selectFrom('users').select('id').execute()).toHaveLength(1)
  })
  it('refuses a nested withTransaction', async () => {
    await expect(
      withTransaction(deps, async () => withTransaction(deps, async () => 1)),
    ).rejects.toThrow(/nested withTransaction/)
  })
})

describe('types (checked by tsc in npm test)', () => {
  it('keep global tables out of a scope and tenant tables out of GlobalDb', () => {
    const scope = forTenant(deps.kysely, tenantA)
    const validKey = {
      id: newId<ApiKeyId>(),
      name: 'n',
      prefix: 'p',
      key_hash: 'h',
      role: 'viewer' as const,
      created_at: 1,
    }
    const neverRun = (): unknown[] => [
      // @ts-expect-error users is a global table
      scope.selectFrom('users'),
      // @ts-expect-error tenants is a global table
      scope.deleteFrom('tenants'),
      scope.insertInto('api_keys', validKey),
      // @ts-expect-error a scope supplies tenant_id itself
      scope.insertInto('api_keys', { ...validKey, tenant_id: tenantB }),
      // @ts-expect-error api_keys is a tenant table
      deps.db.selectFrom('api_keys'),
    ]
    expect(typeof neverRun).toBe('function')
  })
})
