import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkSchema } from '../../../src/db/schema-check.ts'
import { GLOBAL_TABLES, INTERNAL_TABLES, TENANT_TABLES } from '../../../src/db/schema.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.close())

describe('schema check of virtual (FTS5) tenant tables', () => {
  it('accepts the backups search index, whose tenant_id comes first', () => {
    expect(checkSchema(sqliteOf(deps))).toEqual([])
    expect(TENANT_TABLES).toContain('device_config_search')
  })

  it('reports a virtual tenant table whose tenant_id is not first', () => {
    sqliteOf(deps).exec('CREATE VIRTUAL TABLE gadget_search USING fts5(body, tenant_id UNINDEXED)')
    const shadows = ['config', 'content', 'data', 'docsize', 'idx'].map((s) => `gadget_search_${s}`)
    const problems = checkSchema(sqliteOf(deps), {
      tenant: [...TENANT_TABLES, 'gadget_search'],
      global: GLOBAL_TABLES,
      internal: [...INTERNAL_TABLES, ...shadows],
    })
    expect(problems).toEqual(['gadget_search.tenant_id must come first'])
  })
})
