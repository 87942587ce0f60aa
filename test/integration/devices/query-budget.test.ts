// No N+1: the device table page costs the same number of queries for 5 rows as for 100.
import { Kysely, SqliteDialect } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../src/db/schema.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { listDevicePage } from '../../../src/devices/device-list.repo.ts'
import { addDevices } from '../../../src/devices/device-batch.service.ts'
import { deviceCreateSchema, deviceListQuerySchema } from '../../../src/devices/devices.schema.ts'
import { createLabel } from '../../../src/labels/index.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'

let deps: TestDeps
let tenantId: TenantId

beforeAll(async () => {
  deps = await createTestDeps()
  tenantId = (await makeTenant(deps, 'budget')).id
  const ctx = {
    deps,
    scope: forTenant(deps.kysely, tenantId),
    actor: { kind: 'user' as const, id: 'U', name: 'u', ip: null },
  }
  const site = await createLabel(ctx, 'sites', { name: 'S', description: '' })
  const tag = await createLabel(ctx, 'tags', { name: 'T', description: '' })
  const group = await createLabel(ctx, 'groups', { name: 'G', description: '' })
  const inputs = Array.from({ length: 100 }, (_, i) =>
    deviceCreateSchema.parse({
      name: `q-${i}`,
      host: '10.0.0.1',
      username: 'u',
      password: 'p',
      site_id: site,
      tag_ids: [tag],
      group_ids: [group],
    }),
  )
  await addDevices(ctx, inputs)
})
afterAll(() => deps.close())

async function queriesFor(perPage: number): Promise<{ queries: number; rows: number }> {
  let queries = 0
  const counting = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqliteOf(deps) }),
    log: () => {
      queries++
    },
  })
  const page = await listDevicePage(
    forTenant(counting, tenantId),
    deviceListQuerySchema.parse({ per_page: String(perPage), sort: 'site' }),
  )
  return { queries, rows: page.rows.length }
}

describe('device table query budget', () => {
  it('uses a constant number of queries whatever the page size', async () => {
    const small = await queriesFor(10)
    const large = await queriesFor(100)
    expect(small.rows).toBe(10)
    expect(large.rows).toBe(100)
    expect(large.queries).toBe(small.queries)
    expect(large.queries).toBeLessThanOrEqual(4)
  })
})
