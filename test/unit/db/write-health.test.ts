import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/db/connect.ts'
import { WriteHealth } from '../../../src/db/write-health.ts'
import { isDiskFull } from '../../../src/lib/disk-full.ts'

const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })

describe('isDiskFull', () => {
  it('finds SQLITE_FULL, ENOSPC or EDQUOT anywhere in the cause chain', () => {
    expect(isDiskFull(full())).toBe(true)
    expect(isDiskFull(new Error('import failed', { cause: full() }))).toBe(true)
    expect(isDiskFull(Object.assign(new Error('write'), { code: 'ENOSPC' }))).toBe(true)
    expect(isDiskFull(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false)
    expect(isDiskFull('SQLITE_FULL')).toBe(false)
  })
})

describe('WriteHealth', () => {
  it('is set by a disk-full error only, keeps the first time, and clears on a successful write', () => {
    let now = 1000
    const h = new WriteHealth(
      undefined,
      () => now,
      () => true,
    )
    expect(h.noteError(new Error('constraint'))).toBe(false)
    expect(h.diskFull).toBeUndefined()
    expect(h.noteError(full())).toBe(true)
    now = 2000
    h.noteError(full())
    expect(h.diskFull).toEqual({ since: 1000 })
    h.noteWrite()
    expect(h.diskFull).toBeUndefined()
  })

  it('clears on check only when the probe write could run', () => {
    let canProbe = false
    const h = new WriteHealth(
      undefined,
      () => 1,
      () => canProbe,
    )
    h.noteError(full())
    expect(h.check()).toEqual({ since: 1 })
    canProbe = true
    expect(h.check()).toBeUndefined()
  })
})

describe('openDatabase', () => {
  it('keeps the real error when SQLite has already rolled the transaction back itself', async () => {
    const { kysely, sqlite } = openDatabase(':memory:')
    sqlite.exec('CREATE TABLE t (x INTEGER)')
    // a statement that ends the transaction inside SQLite, as SQLITE_FULL can: the driver must
    // not issue a second ROLLBACK whose "no transaction is active" error would hide the cause
    const err = await kysely
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('t' as never)
          .values({ x: 1 } as never)
          .execute()
        sqlite.exec('ROLLBACK')
        throw new Error('the real cause')
      })
      .catch((e: unknown) => e)
    expect((err as Error).message).toBe('the real cause')
    expect(sqlite.inTransaction).toBe(false)
    await kysely.destroy()
  })

  it('reports disk-full statements to its WriteHealth', async () => {
    const { kysely, sqlite, writeHealth } = openDatabase(':memory:')
    sqlite.exec('CREATE TABLE t (x BLOB)')
    sqlite.pragma('max_page_count = ' + String(sqlite.pragma('page_count', { simple: true })))
    const err = await kysely
      .insertInto('t' as never)
      .values({ x: Buffer.alloc(64 * 1024) } as never)
      .execute()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BetterSqlite3.SqliteError)
    expect(writeHealth.diskFull).toBeDefined()
    await kysely.destroy()
  })
})
