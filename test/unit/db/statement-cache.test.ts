import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { openDatabase } from '../../../src/db/connect.ts'
import { StatementCache } from '../../../src/db/statement-cache.ts'

describe('StatementCache', () => {
  it('hands out the same prepared statement for the same SQL text', () => {
    const cache = new StatementCache(new BetterSqlite3(':memory:'), 10)
    const a = cache.prepare('SELECT 1 AS one')
    const b = cache.prepare('SELECT 1 AS one')
    expect(b).toBe(a)
    expect(cache.stats()).toEqual({ size: 1, hits: 1, misses: 1 })
    cache.close()
  })

  it('evicts the least recently used statement past its bound', () => {
    const cache = new StatementCache(new BetterSqlite3(':memory:'), 2)
    const one = cache.prepare('SELECT 1')
    cache.prepare('SELECT 2')
    cache.prepare('SELECT 1') // 1 is now the most recently used
    cache.prepare('SELECT 3') // evicts 2
    expect(cache.stats().size).toBe(2)
    expect(cache.prepare('SELECT 1')).toBe(one)
    const misses = cache.stats().misses
    cache.prepare('SELECT 2')
    expect(cache.stats().misses).toBe(misses + 1)
    cache.close()
  })

  it('prepares afresh every time with size 0', () => {
    const cache = new StatementCache(new BetterSqlite3(':memory:'), 0)
    expect(cache.prepare('SELECT 1')).not.toBe(cache.prepare('SELECT 1'))
    expect(cache.stats().size).toBe(0)
    cache.close()
  })
})

describe('openDatabase', () => {
  it("reuses Kysely's statements across queries and stays right after a schema change", async () => {
    const { kysely, statements } = openDatabase(':memory:')
    await sql`CREATE TABLE t (a INTEGER)`.execute(kysely)
    const q = () => sql<{ a: number; b?: number }>`SELECT * FROM t`.execute(kysely)
    await sql`INSERT INTO t (a) VALUES (${1})`.execute(kysely)
    await sql`INSERT INTO t (a) VALUES (${2})`.execute(kysely)
    expect((await q()).rows).toEqual([{ a: 1 }, { a: 2 }])
    const hits = statements.stats().hits
    expect(hits).toBeGreaterThanOrEqual(1) // the second INSERT reused the first one's statement
    await sql`ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 7`.execute(kysely)
    expect((await q()).rows).toEqual([
      { a: 1, b: 7 },
      { a: 2, b: 7 },
    ])
    expect(statements.stats().hits).toBe(hits + 1)
    await kysely.destroy()
  })
})
