import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkSchema } from '../../../src/db/schema-check.ts'
import { GLOBAL_TABLES, INTERNAL_TABLES, TENANT_TABLES } from '../../../src/db/schema.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.close())

const declared = { tenant: TENANT_TABLES, global: GLOBAL_TABLES, internal: INTERNAL_TABLES }

describe('schema completeness', () => {
  it('every table of the migrated database is declared and follows the tenancy rules', () => {
    expect(checkSchema(sqliteOf(deps))).toEqual([])
  })
  it('no table is declared both tenant-scoped and global', () => {
    const both = TENANT_TABLES.filter((t) => (GLOBAL_TABLES as readonly string[]).includes(t))
    expect(both).toEqual([])
  })
  it('fails for a new table that is declared nowhere', () => {
    sqliteOf(deps).exec('CREATE TABLE gadgets (id TEXT PRIMARY KEY)')
    expect(checkSchema(sqliteOf(deps))).toContain(
      'table gadgets is neither in TENANT_TABLES nor in GLOBAL_TABLES',
    )
  })
  it('fails for a declared tenant table without tenant_id', () => {
    sqliteOf(deps).exec('CREATE TABLE gadgets (id TEXT PRIMARY KEY, name TEXT)')
    const problems = checkSchema(sqliteOf(deps), {
      ...declared,
      tenant: [...TENANT_TABLES, 'gadgets'],
    })
    expect(problems).toContain('tenant table gadgets has no tenant_id column')
  })
  it('fails for a tenant table without UNIQUE (tenant_id, id)', () => {
    sqliteOf(deps).exec(
      'CREATE TABLE gadgets (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants (id))',
    )
    const problems = checkSchema(sqliteOf(deps), {
      ...declared,
      tenant: [...TENANT_TABLES, 'gadgets'],
    })
    expect(problems).toEqual(['tenant table gadgets lacks UNIQUE (tenant_id, id)'])
  })
  it('fails for a child that references a tenant parent by id alone', () => {
    sqliteOf(deps).exec(`CREATE TABLE gadgets (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants (id),
      api_key_id TEXT REFERENCES api_keys (id), UNIQUE (tenant_id, id))`)
    const problems = checkSchema(sqliteOf(deps), {
      ...declared,
      tenant: [...TENANT_TABLES, 'gadgets'],
    })
    expect(problems).toEqual([
      'gadgets references tenant table api_keys without (tenant_id, …) composite key',
    ])
  })
  it('accepts a child that references its parent by (tenant_id, id)', () => {
    sqliteOf(deps).exec(`CREATE TABLE gadgets (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants (id),
      api_key_id TEXT, UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id))`)
    expect(
      checkSchema(sqliteOf(deps), { ...declared, tenant: [...TENANT_TABLES, 'gadgets'] }),
    ).toEqual([])
  })
  it('fails for a global table that points into tenant data', () => {
    sqliteOf(deps).exec(
      'CREATE TABLE gadgets (key TEXT PRIMARY KEY, m TEXT REFERENCES memberships (id))',
    )
    const problems = checkSchema(sqliteOf(deps), {
      ...declared,
      global: [...GLOBAL_TABLES, 'gadgets'],
    })
    expect(problems).toEqual(['global table gadgets references tenant table memberships'])
  })
  it('the composite key stops a child from pointing at another tenant parent', () => {
    sqliteOf(deps).exec(`
      INSERT INTO tenants (id, name, created_at) VALUES ('A', 'A', 1), ('B', 'B', 1);
      INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, created_at)
        VALUES ('kA', 'A', 'k', 'p', 'h', 'viewer', 1);
      CREATE TABLE gadgets (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants (id),
        api_key_id TEXT, UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id));`)
    const insert = sqliteOf(deps).prepare(
      'INSERT INTO gadgets (id, tenant_id, api_key_id) VALUES (?, ?, ?)',
    )
    expect(() => insert.run('g1', 'B', 'kA')).toThrow(/FOREIGN KEY/)
    expect(() => insert.run('g2', 'A', 'kA')).not.toThrow()
  })
})

describe('connection pragmas', () => {
  it('applies WAL, foreign keys, busy timeout, NORMAL sync and memory temp store', () => {
    expect(sqliteOf(deps).pragma('journal_mode', { simple: true })).toBe('wal')
    expect(sqliteOf(deps).pragma('foreign_keys', { simple: true })).toBe(1)
    expect(sqliteOf(deps).pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(sqliteOf(deps).pragma('synchronous', { simple: true })).toBe(1)
    expect(sqliteOf(deps).pragma('temp_store', { simple: true })).toBe(2)
  })
})

describe('audit_log', () => {
  it('refuses UPDATE and DELETE', () => {
    sqliteOf(deps)
      .exec(`INSERT INTO audit_log (at, actor_kind, actor_name, action, outcome, prev_hash, hash)
      VALUES (1, 'system', 's', 'a', 'success', 'p', 'h')`)
    expect(() => sqliteOf(deps).exec("UPDATE audit_log SET action = 'b'")).toThrow(/append-only/)
    expect(() => sqliteOf(deps).exec('DELETE FROM audit_log')).toThrow(/append-only/)
  })
})
