// Concurrent audited actions keep one gap-free, linear chain. On PostgreSQL (the second test pass)
// transactions run side by side on a pool, and before the append lock (src/db/audit-chain.ts) two
// of them read the same head and one failed with a duplicate key on audit_log's seq.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { auditKeysOf, recordAudit, verifyAuditChain } from '../../../src/audit/index.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import { createTenant, type Actor } from '../../../src/tenants/index.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { makeUser } from '../../support/login.ts'

let deps: TestDeps
let actor: Actor

beforeEach(async () => {
  deps = await createTestDeps()
  const admin = await makeUser(deps, { superAdmin: true, username: 'root' })
  actor = {
    kind: 'user',
    id: admin.id,
    name: 'root',
    userId: admin.id,
    isSuperAdmin: true,
    ip: null,
  }
})
afterEach(() => deps.close())

const entry = (i: number) => ({
  tenantId: null,
  actor: { kind: 'system' as const, id: null, name: 'test' },
  ip: null,
  action: `test.concurrent`,
  outcome: 'success' as const,
  details: { i },
})

it('50 concurrent audited actions (and rolled-back ones) leave one intact chain', async () => {
  const before = await deps.db.selectFrom('audit_log').select('seq').execute()
  const now = deps.clock.now()
  const rolledBack = new Error('rolled back on purpose')
  const actions = Array.from({ length: 50 }, (_, i) => {
    if (i % 10 === 9) {
      // appended, then rolled back: its seq must be handed out again, leaving no gap
      return withTransaction(deps, async (tx) => {
        await recordAudit(tx.global, entry(i), now)
        throw rolledBack
      })
    }
    if (i % 2 === 0) return createTenant(deps, actor, `Tenant ${i}`)
    return recordAudit(deps.db, entry(i), now)
  })
  const results = await Promise.allSettled(actions)
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
  expect(failures.filter((e) => e !== rolledBack)).toEqual([])
  expect(failures).toHaveLength(5)

  const rows = await deps.db.selectFrom('audit_log').select(['seq', 'prev_hash']).execute()
  expect(rows).toHaveLength(before.length + 45)
  const seqs = rows.map((r) => r.seq).sort((a, b) => a - b)
  expect(seqs).toEqual(seqs.map((_, i) => i + 1))
  expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length)
  const verdict = await verifyAuditChain(deps.db, auditKeysOf(deps.kysely))
  expect(verdict).toMatchObject({ ok: true, count: rows.length, opened: rows.length })
})
