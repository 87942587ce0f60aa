import { sql, type Migration } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { knownMigrations, migrateToLatest, pendingMigrations } from '../../../src/db/migrate.ts'
import { migrations } from '../../../src/db/migrations/index.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.close())

describe('migrateToLatest', () => {
  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    const before = sqliteOf(deps).prepare('SELECT sql FROM sqlite_master ORDER BY name').all()
    const result = await migrateToLatest(deps.kysely)
    expect(result.applied).toEqual([])
    expect(sqliteOf(deps).prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(
      before,
    )
    expect(await pendingMigrations(deps.kysely)).toEqual([])
  })
  it('numbers migrations in order', () => {
    const names = knownMigrations()
    expect(names).toEqual([...names].sort())
    for (const n of names) expect(n).toMatch(/^\d{4}-[a-z0-9-]+$/)
  })
  it('leaves nothing behind when a migration fails halfway', async () => {
    const broken: Migration = {
      async up(db) {
        await sql`CREATE TABLE half_done (id TEXT)`.execute(db)
        await sql`THIS IS NOT SQL`.execute(db)
      },
    }
    await expect(
      migrateToLatest(deps.kysely, { ...migrations, '9999-broken': broken }),
    ).rejects.toThrow(/migration 9999-broken failed/)
    const t = sqliteOf(deps)
      .prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'")
      .get()
    expect(t).toBeUndefined()
  })
})
