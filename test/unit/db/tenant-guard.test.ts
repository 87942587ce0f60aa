import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type Compilable,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../../src/db/schema.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { TenantGuardPlugin, TenantScopeViolation } from '../../../src/db/tenant-guard.ts'

const A = 'TENANT_A' as TenantId
const B = 'TENANT_B' as TenantId

const raw = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
})
const scoped = raw.withPlugin(new TenantGuardPlugin({ kind: 'tenant', tenantId: A }))
const global = raw.withPlugin(new TenantGuardPlugin({ kind: 'global' }))

function ok(q: Compilable): void {
  expect(() => q.compile()).not.toThrow()
}
function rejected(q: Compilable, message?: RegExp): void {
  expect(() => q.compile()).toThrow(TenantScopeViolation)
  if (message) expect(() => q.compile()).toThrow(message)
}

describe('TenantGuardPlugin in tenant mode: selects', () => {
  it('accepts a select filtered by the bound tenant id', () => {
    ok(scoped.selectFrom('api_keys').selectAll().where('api_keys.tenant_id', '=', A))
    ok(scoped.selectFrom('api_keys').selectAll().where('tenant_id', '=', A))
  })
  it('rejects a select without a tenant_id predicate', () => {
    rejected(scoped.selectFrom('api_keys').selectAll(), /api_keys/)
  })
  it('rejects a select bound to another tenant id', () => {
    rejected(scoped.selectFrom('api_keys').selectAll().where('tenant_id', '=', B))
  })
  it('rejects a tenant predicate that sits under OR', () => {
    rejected(
      scoped
        .selectFrom('api_keys')
        .selectAll()
        .where((eb) => eb.or([eb('tenant_id', '=', A), eb('name', '=', 'x')])),
    )
  })
  it('accepts the predicate among AND-ed terms and inside parentheses', () => {
    ok(
      scoped
        .selectFrom('api_keys')
        .selectAll()
        .where((eb) => eb.and([eb('name', '=', 'x'), eb.and([eb('api_keys.tenant_id', '=', A)])])),
    )
  })
  it('rejects a predicate on the wrong column', () => {
    rejected(scoped.selectFrom('api_keys').selectAll().where('api_keys.name', '=', A))
  })
  it('rejects non-equality comparisons', () => {
    rejected(scoped.selectFrom('api_keys').selectAll().where('tenant_id', '!=', B))
    rejected(scoped.selectFrom('api_keys').selectAll().where('tenant_id', 'in', [A, B]))
  })
  it('treats upper-case table names as the same table', () => {
    rejected(scoped.selectFrom('API_KEYS' as 'api_keys').selectAll())
  })
  it('allows global tables without any predicate', () => {
    ok(scoped.selectFrom('users').selectAll())
  })
})

describe('TenantGuardPlugin in tenant mode: joins', () => {
  const base = () => scoped.selectFrom('api_keys').where('api_keys.tenant_id', '=', A)
  it('rejects a join to a tenant table with no tenant predicate', () => {
    rejected(
      base()
        .innerJoin('memberships', 'memberships.user_id', 'api_keys.created_by_user_id')
        .selectAll(),
      /memberships/,
    )
  })
  it('accepts a join whose tenant_id is equated to a bound alias', () => {
    ok(
      base()
        .innerJoin('memberships', (j) =>
          j
            .onRef('memberships.user_id', '=', 'api_keys.created_by_user_id')
            .onRef('memberships.tenant_id', '=', 'api_keys.tenant_id'),
        )
        .selectAll(),
    )
  })
  it('accepts a left join bound in its own ON clause', () => {
    ok(
      base()
        .leftJoin('memberships as m', (j) =>
          j.onRef('m.user_id', '=', 'api_keys.created_by_user_id').on('m.tenant_id', '=', A),
        )
        .selectAll(),
    )
  })
  it('does not let a left join ON clause bind the FROM table', () => {
    rejected(
      scoped
        .selectFrom('api_keys')
        .leftJoin('memberships as m', (j) =>
          j.onRef('m.tenant_id', '=', 'api_keys.tenant_id').on('api_keys.tenant_id', '=', A),
        )
        .selectAll(),
    )
  })
  it('accepts a chain of equated aliases in any order', () => {
    ok(
      scoped
        .selectFrom('memberships as m1')
        .innerJoin('memberships as m2', 'm2.user_id', 'm1.user_id')
        .innerJoin('api_keys as k', 'k.created_by_user_id', 'm1.user_id')
        .where('k.tenant_id', '=', sql.ref('m2.tenant_id') as never)
        .whereRef('m2.tenant_id', '=', 'm1.tenant_id')
        .where('m1.tenant_id', '=', A)
        .selectAll(),
    )
  })
  it('rejects two tenant tables equated only to each other', () => {
    rejected(
      scoped
        .selectFrom('memberships as m1')
        .innerJoin('memberships as m2', 'm2.tenant_id', 'm1.tenant_id')
        .selectAll(),
    )
  })
  it('rejects an unqualified tenant_id when several tables are in scope', () => {
    rejected(
      scoped
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.created_by_user_id')
        .where('tenant_id' as never, '=', A as never)
        .selectAll(),
    )
  })
  it('rejects a right join bound only in its ON clause', () => {
    rejected(
      base()
        .rightJoin('memberships', (j) => j.on('memberships.tenant_id', '=', A))
        .selectAll(),
    )
  })
})

describe('TenantGuardPlugin in tenant mode: subqueries', () => {
  it('rejects an unbound subquery in WHERE', () => {
    rejected(
      scoped
        .selectFrom('users')
        .where('id', 'in', (eb) => eb.selectFrom('memberships').select('user_id'))
        .selectAll(),
      /memberships/,
    )
  })
  it('accepts a bound subquery in WHERE', () => {
    ok(
      scoped
        .selectFrom('users')
        .where('id', 'in', (eb) =>
          eb.selectFrom('memberships').select('user_id').where('memberships.tenant_id', '=', A),
        )
        .selectAll(),
    )
  })
  it('accepts a correlated subquery equated to the outer bound alias', () => {
    ok(
      scoped
        .selectFrom('memberships as m')
        .where('m.tenant_id', '=', A)
        .select((eb) => [
          eb
            .selectFrom('api_keys as k')
            .whereRef('k.tenant_id', '=', 'm.tenant_id')
            .select((e) => e.fn.countAll().as('n'))
            .as('keys'),
        ]),
    )
  })
  it('rejects an unbound subquery in the select list', () => {
    rejected(
      scoped
        .selectFrom('users')
        .select((eb) => [eb.selectFrom('api_keys').select('name').limit(1).as('k')]),
    )
  })
  it('rejects an unbound subquery in FROM', () => {
    rejected(scoped.selectFrom((eb) => eb.selectFrom('api_keys').selectAll().as('sub')).selectAll())
  })
  it('rejects an unbound CTE body and an unbound UNION branch', () => {
    rejected(
      scoped
        .with('k', (db) => db.selectFrom('api_keys').selectAll())
        .selectFrom('k')
        .selectAll(),
    )
    // the union operand is transformed (and refused) as soon as it is attached
    expect(() =>
      scoped
        .selectFrom('api_keys')
        .select('id')
        .where('tenant_id', '=', A)
        .union(scoped.selectFrom('memberships').select('id') as never)
        .compile(),
    ).toThrow(TenantScopeViolation)
    expect(() =>
      scoped
        .selectFrom('api_keys')
        .select('id')
        .where('tenant_id', '=', A)
        .union(raw.selectFrom('memberships').select('id') as never)
        .compile(),
    ).toThrow(TenantScopeViolation)
  })
  it('does not let an inner alias reuse the outer binding of the same name', () => {
    rejected(
      scoped
        .selectFrom('memberships as m')
        .where('m.tenant_id', '=', A)
        .where('m.user_id', 'in', (eb) =>
          eb
            .selectFrom('memberships as m')
            .select('m.user_id')
            .whereRef('m.tenant_id', '=', 'm.tenant_id'),
        )
        .selectAll(),
    )
  })
})

describe('TenantGuardPlugin in tenant mode: writes', () => {
  it('accepts a bound update and delete', () => {
    ok(scoped.updateTable('api_keys').set({ name: 'x' }).where('api_keys.tenant_id', '=', A))
    ok(scoped.deleteFrom('api_keys').where('api_keys.tenant_id', '=', A))
  })
  it('rejects an unbound update and delete', () => {
    rejected(
      scoped
        .updateTable('api_keys')
        .set({ name: 'x' })
        .where('id', '=', 'k1' as never),
    )
    rejected(scoped.deleteFrom('api_keys').where('id', '=', 'k1' as never))
  })
  it('rejects an update that moves a row to another tenant', () => {
    rejected(
      scoped
        .updateTable('api_keys')
        .set({ tenant_id: B as never })
        .where('tenant_id', '=', A),
      /tenant_id cannot be changed/,
    )
  })
  it('accepts an insert carrying the bound tenant id', () => {
    ok(scoped.insertInto('api_keys').values(keyRow(A)))
    ok(scoped.insertInto('api_keys').values([keyRow(A), keyRow(A)]))
  })
  it('rejects an insert without tenant_id or with another tenant id', () => {
    const { tenant_id: _, ...noTenant } = keyRow(A) as Record<string, unknown>
    rejected(scoped.insertInto('api_keys').values(noTenant as never))
    rejected(scoped.insertInto('api_keys').values([keyRow(A), keyRow(B)]))
  })
  it('rejects insert … select and INSERT OR REPLACE into tenant tables', () => {
    rejected(
      scoped
        .insertInto('api_keys')
        .columns(['id', 'tenant_id'])
        .expression((eb) =>
          eb.selectFrom('api_keys').select(['id', 'tenant_id']).where('tenant_id', '=', A),
        ),
    )
    rejected(scoped.replaceInto('api_keys').values(keyRow(A)))
  })
  it('accepts an upsert only when its conflict target includes tenant_id', () => {
    ok(
      scoped
        .insertInto('memberships')
        .values({ id: 'm', tenant_id: A, user_id: 'u', role: 'viewer', created_at: 1 } as never)
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role: 'admin' })),
    )
    rejected(
      scoped
        .insertInto('memberships')
        .values({ id: 'm', tenant_id: A, user_id: 'u', role: 'viewer', created_at: 1 } as never)
        .onConflict((oc) => oc.column('id').doUpdateSet({ role: 'admin' })),
    )
  })
})

describe('TenantGuardPlugin: raw SQL', () => {
  it('rejects a raw statement in tenant and global mode', () => {
    expect(() => sql`select * from api_keys`.compile(scoped)).toThrow(TenantScopeViolation)
    expect(() => sql`select * from users`.compile(global)).toThrow(TenantScopeViolation)
  })
  it('rejects raw fragments that can reach a table', () => {
    rejected(
      scoped.selectFrom('users').select(sql<number>`(select count(*) from api_keys)`.as('n')),
    )
    rejected(
      scoped
        .selectFrom('users')
        .selectAll()
        .where(sql<boolean>`api_keys.id = users.id`),
    )
  })
  it('accepts raw expression fragments without table access', () => {
    ok(
      scoped
        .selectFrom('api_keys')
        .where('tenant_id', '=', A)
        .select(sql<string>`lower(${sql.ref('name')})`.as('n')),
    )
  })
  it('rejects statements other than select, insert, update and delete', () => {
    expect(() => scoped.schema.dropTable('api_keys').compile()).toThrow(TenantScopeViolation)
  })
})

describe('TenantGuardPlugin in global mode', () => {
  it('accepts global tables', () => {
    ok(
      global
        .selectFrom('users')
        .innerJoin('refresh_tokens', 'refresh_tokens.user_id', 'users.id')
        .selectAll(),
    )
    ok(
      global
        .updateTable('users')
        .set({ is_disabled: 1 })
        .where('id', '=', 'u' as never),
    )
  })
  it('rejects any tenant table, even with a tenant predicate', () => {
    rejected(global.selectFrom('api_keys').selectAll().where('tenant_id', '=', A))
    rejected(
      global
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .selectAll(),
    )
    rejected(
      global
        .selectFrom('users')
        .where('id', 'in', (eb) => eb.selectFrom('memberships').select('user_id'))
        .selectAll(),
    )
    rejected(global.insertInto('api_keys').values(keyRow(A)))
    rejected(global.deleteFrom('memberships').where('tenant_id', '=', A))
  })
})

function keyRow(tenant: string) {
  return {
    id: `k-${tenant}`,
    tenant_id: tenant,
    name: 'key',
    prefix: 'opk_1',
    key_hash: 'h',
    role: 'viewer' as const,
    created_by_user_id: null,
    created_at: 1,
    last_used_at: null,
    revoked_at: null,
  } as never
}
