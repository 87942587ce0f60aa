import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { APP_VERSION } from '../../../src/lib/version.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { rawQuery, takeDatabaseAway } from '../../support/raw-sql.ts'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.close())

describe('GET /health', () => {
  it('answers ok with the version, without a session', async () => {
    const res = await createApp(deps).request('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', version: APP_VERSION })
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})

describe('GET /health/ready', () => {
  it('is ready when the database answers and every migration is applied', async () => {
    const res = await createApp(deps).request('/health/ready')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      pendingMigrations: [],
    })
  })
  it('is not ready while a migration is pending', async () => {
    await rawQuery(deps, "DELETE FROM kysely_migration WHERE name = '0001-core'")
    const res = await createApp(deps).request('/health/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      status: 'not_ready',
      pendingMigrations: ['0001-core'],
    })
  })
  it('is not ready when the database is gone', async () => {
    const app = createApp(deps)
    await takeDatabaseAway(deps)
    const res = await app.request('/health/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' })
  })
})
