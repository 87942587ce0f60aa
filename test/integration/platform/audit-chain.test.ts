import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recordAudit, verifyAuditChain, type AuditEntry } from '../../../src/audit/index.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { auditRows } from '../../support/audit.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.close())

function entry(action: string, details: Record<string, unknown> = {}): AuditEntry {
  return {
    tenantId: null,
    actor: { kind: 'user', id: 'U1', name: 'alice' },
    ip: '127.0.0.1',
    action,
    target: { type: 'user', id: 'U2', label: 'bob' },
    outcome: 'success',
    details,
  }
}

async function seed(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await recordAudit(deps.db, entry(`test.a${i}`, { i }), 1000 + i)
}

/** Tampering as an attacker with file access would: drop the triggers, edit, restore them. */
function tamper(statement: string): void {
  const triggers = sqliteOf(deps)
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .pluck()
    .all() as string[]
  sqliteOf(deps).exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;')
  sqliteOf(deps).exec(statement)
  for (const t of triggers) sqliteOf(deps).exec(t)
}

describe('audit hash chain', () => {
  it('verifies an empty log and a log of many entries', async () => {
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: 0 })
    await seed(1205)
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: 1205 })
  })
  it('links each entry to the previous hash', async () => {
    await seed(3)
    const rows = await deps.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64))
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash)
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash)
  })
  const edited = 'hash does not match the entry (edited)'
  it.each([
    ['action', "UPDATE audit_log SET action = 'test.other' WHERE seq = 3", edited],
    [
      'sealed details',
      `UPDATE audit_log SET details_sealed = (SELECT details_sealed FROM audit_log WHERE seq = 2) WHERE seq = 3`,
      'sealed details do not match their digest (edited)',
    ],
    ['time', 'UPDATE audit_log SET at = 1 WHERE seq = 3', edited],
    [
      'actor',
      "UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 3",
      'identity columns do not match their digest (edited)',
    ],
  ])('names the first edited entry (%s changed)', async (_what, statement, reason) => {
    await seed(5)
    tamper(statement)
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: false, seq: 3, reason })
  })
  it('detects an edit that also recomputes the hash, at the next entry', async () => {
    await seed(5)
    const rows = await deps.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).execute()
    const { entryHashV2 } = await import('../../../src/audit/index.ts')
    const forged = { ...rows[0]!, action: 'test.forged' }
    tamper(
      `UPDATE audit_log SET action = 'test.forged', hash = '${entryHashV2(forged)}' WHERE seq = 3`,
    )
    const result = await verifyAuditChain(deps.db)
    expect(result).toEqual({
      ok: false,
      seq: 4,
      reason: 'prev_hash does not match the previous entry',
    })
  })
  it('detects a removed entry in the middle and removed newest entries', async () => {
    await seed(6)
    tamper('DELETE FROM audit_log WHERE seq = 2')
    expect(await verifyAuditChain(deps.db)).toMatchObject({
      ok: false,
      seq: 3,
      reason: 'entries 2..2 are missing',
    })
    await deps.close()
    deps = await createTestDeps()
    await seed(6)
    tamper('DELETE FROM audit_log WHERE seq >= 5')
    expect(await verifyAuditChain(deps.db)).toEqual({
      ok: false,
      seq: 5,
      reason: 'entries 5..6 are missing',
    })
  })
  it('rolls an entry back with the change it records', async () => {
    const id = newId<TenantId>()
    await expect(
      withTransaction(deps, async (tx) => {
        await tx.global.insertInto('tenants').values({ id, name: 'T', created_at: 1 }).execute()
        await recordAudit(tx.global, entry('tenant.create'), 1)
        throw new Error('failed after audit')
      }),
    ).rejects.toThrow('failed after audit')
    expect(await deps.db.selectFrom('audit_log').selectAll().execute()).toEqual([])
    await recordAudit(deps.db, entry('after.rollback'), 2)
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: 1 })
  })
  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordAudit(deps.db, entry(`par.${i}`), i)),
    )
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: 50 })
  })
  it('never stores secret-looking details', async () => {
    await recordAudit(
      deps.db,
      entry('user.create', { password: 'hunter2', nested: { apiToken: 't' }, role: 'viewer' }),
      1,
    )
    const [row] = await auditRows(deps)
    expect(JSON.stringify(row)).not.toContain('hunter2')
    expect(row?.details).toEqual({
      password: '[redacted]',
      nested: { apiToken: '[redacted]' },
      role: 'viewer',
    })
  })
})
