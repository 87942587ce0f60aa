// Sealed audit details (issue 19): details encrypted at rest, chain v2 verified with and without
// keys, v1 entries sealed by the startup step (crash-safe), erasure keeps the chain verifiable.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AuditKeys,
  auditKeysOf,
  entryHash,
  entryHashV2,
  GENESIS_HASH,
  recordAudit,
  registerAuditKeys,
  sealLegacyAudit,
  verifyAuditChain,
  type AuditEntry,
} from '../../../src/audit/index.ts'
import { detailsDigest } from '../../../src/audit/sealing.ts'
import { openDatabase } from '../../../src/db/connect.ts'
import { createGlobalDb, type GlobalDb } from '../../../src/db/global-db.ts'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import { migrations } from '../../../src/db/migrations/index.ts'
import type { Database } from '../../../src/db/schema.ts'
import { auditRows } from '../../support/audit.ts'
import { createTestDeps, TEST_SECRETS, type TestDeps } from '../../support/db.ts'
import { rawQuery, rawTransaction, rawValue, type RawQuery } from '../../support/raw-sql.ts'

const MARK = 'Plaintext-Marker-42'

function entry(i: number, tenantId: string | null = null): AuditEntry {
  return {
    tenantId,
    actor: { kind: 'user', id: 'U1', name: 'alice' },
    ip: '192.0.2.7',
    action: `test.a${i}`,
    target: { type: 'device', id: `D${i}`, label: `router-${i}` },
    outcome: 'success',
    details: { i, note: `${MARK} ${i}` },
  }
}

/**
 * What an attacker with the database does: switch the append-only guard off, edit, switch it back
 * on. SQLite: drop the trigger and re-create it; PostgreSQL: as the superuser, triggers off for
 * this one transaction (session_replication_role = replica).
 */
async function tamper(deps: TestDeps, edit: (q: RawQuery) => Promise<unknown>): Promise<void> {
  await rawTransaction(deps, async (q) => {
    if (deps.dialect === 'postgres') await q('SET LOCAL session_replication_role = replica')
    else await q('DROP TRIGGER audit_log_no_update')
    await edit(q)
    if (deps.dialect !== 'postgres') await q(migrationTrigger())
  })
}
let trigger: string | undefined
function migrationTrigger(): string {
  if (trigger === undefined) throw new Error('trigger not captured')
  return trigger
}

describe('sealed audit details', () => {
  let deps: TestDeps
  beforeEach(async () => {
    deps = await createTestDeps()
    trigger =
      deps.dialect === 'sqlite'
        ? ((await rawValue(
            deps,
            "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'",
          )) as string)
        : undefined
  })
  afterEach(() => deps.close())

  it('stores details only sealed: the raw rows hold no plaintext, readers open them', async () => {
    await recordAudit(deps.db, entry(1), 1000)
    await recordAudit(deps.db, entry(2, '01JTENANT0000000000000000A'), 1001)
    const raw = JSON.stringify(await rawQuery(deps, 'SELECT * FROM audit_log'))
    expect(raw).not.toContain(MARK)
    expect(raw).toContain('"details_json":"{}"')
    const rows = await auditRows(deps)
    expect(rows.map((r) => r.details)).toEqual([
      { i: 1, note: `${MARK} 1` },
      { i: 2, note: `${MARK} 2` },
    ])
    // the tenant's key is not the global one: a blob moved between them does not open
    const [a, b] = rows
    expect(() => auditKeysOf(deps.db)?.open(null, 2, b!.details_sealed!)).toThrow()
    expect(() => auditKeysOf(deps.db)?.open(null, 2, a!.details_sealed!)).toThrow()
  })

  it('verifies without keys, finds an edited blob, and with keys a re-sealed one', async () => {
    for (let i = 1; i <= 5; i++) await recordAudit(deps.db, entry(i), 1000 + i)
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: 5 })
    expect(await verifyAuditChain(deps.db, auditKeysOf(deps.db))).toEqual({
      ok: true,
      count: 5,
      opened: 5,
    })
    // a garbled blob: its digest no longer matches, found without any key
    await tamper(deps, (q) =>
      q(`UPDATE audit_log SET details_sealed = details_sealed || 'x' WHERE seq = 3`),
    )
    expect(await verifyAuditChain(deps.db)).toEqual({
      ok: false,
      seq: 3,
      reason: 'sealed details do not match their digest (edited)',
    })
  })

  it('with keys, finds content sealed with another key even when every hash was forged', async () => {
    for (let i = 1; i <= 4; i++) await recordAudit(deps.db, entry(i), 1000 + i)
    const forger = new AuditKeys(new Uint8Array(32).fill(1))
    const rows = await deps.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    let prev = GENESIS_HASH
    await tamper(deps, async (q) => {
      for (const row of rows) {
        const sealed =
          row.seq === 2 ? forger.seal(null, 2, '{"i":"forged"}') : (row.details_sealed ?? '')
        const next = { ...row, details_digest: detailsDigest(sealed), prev_hash: prev }
        prev = entryHashV2(next)
        await q(
          'UPDATE audit_log SET details_sealed = ?, details_digest = ?, prev_hash = ?, hash = ? WHERE seq = ?',
          [sealed, next.details_digest, next.prev_hash, prev, row.seq],
        )
      }
    })
    expect(await verifyAuditChain(deps.db)).toMatchObject({ ok: true, count: 4 })
    expect(await verifyAuditChain(deps.db, auditKeysOf(deps.db))).toEqual({
      ok: false,
      seq: 2,
      reason: 'details do not open with the key (wrong key or garbled)',
    })
    // the audit page shows that it does not open instead of failing
    const [forged] = await auditRows(deps, (q) => q.where('seq', '=', 2))
    expect(forged?.details).toEqual({ sealed: 'details do not open with this appliance key' })
  })

  it('lets only an erasure change a stored entry', async () => {
    await recordAudit(deps.db, entry(1), 1000)
    const refused = [
      "UPDATE audit_log SET action = 'x' WHERE seq = 1",
      "UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 1",
      "UPDATE audit_log SET details_sealed = 'v1.a.b', identity_salt = NULL, erased_at = 1 WHERE seq = 1",
      'UPDATE audit_log SET chain_version = 1 WHERE seq = 1',
      'DELETE FROM audit_log WHERE seq = 1',
    ]
    for (const statement of refused) {
      await expect(rawQuery(deps, statement), statement).rejects.toThrow(/append-only/)
    }
    // an "erasure" the trigger lets through still needs a deletion that declared the pseudonym
    await rawQuery(
      deps,
      "UPDATE audit_log SET actor_name = 'deleted-user-0123456789', actor_id = NULL, identity_salt = NULL, erased_at = 5 WHERE seq = 1",
    )
    expect(await verifyAuditChain(deps.db)).toEqual({
      ok: false,
      seq: 1,
      reason: 'erased entry names a pseudonym no account deletion recorded',
    })
  })
})

describe('sealing the entries of before migration 0030', () => {
  let dir: string
  let kysely: Kysely<Database>
  let db: GlobalDb
  let sqlite: BetterSqlite3.Database

  const before0030 = Object.fromEntries(
    Object.entries(migrations).filter(([name]) => name < '0030'),
  )

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-auditseal-'))
    const opened = openDatabase(join(dir, 'outpost.db'))
    kysely = opened.kysely
    sqlite = opened.sqlite
    registerAuditKeys(kysely, new AuditKeys(TEST_SECRETS.masterKey))
    db = createGlobalDb(kysely)
    await migrateToLatest(kysely, before0030)
  })
  afterEach(async () => {
    await kysely.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A v1 trail as the code before issue 19 wrote it (details in clear, every column hashed). */
  function writeV1(n: number, tenantId: string | null = null): void {
    let prev = GENESIS_HASH
    const insert = sqlite.prepare(
      `INSERT INTO audit_log (seq, at, tenant_id, actor_kind, actor_id, actor_name, ip, action,
        target_type, target_id, target_label, outcome, details_json, prev_hash, hash)
       VALUES (@seq, @at, @tenant_id, @actor_kind, @actor_id, @actor_name, @ip, @action,
        @target_type, @target_id, @target_label, @outcome, @details_json, @prev_hash, @hash)`,
    )
    sqlite.transaction(() => {
      for (let seq = 1; seq <= n; seq++) {
        const row = {
          seq,
          at: 1000 + seq,
          tenant_id: seq % 2 === 0 ? tenantId : null,
          actor_kind: 'user',
          actor_id: 'U1',
          actor_name: 'alice',
          ip: '192.0.2.7',
          action: `legacy.a${seq}`,
          target_type: 'device',
          target_id: `D${seq}`,
          target_label: `router-${seq}`,
          outcome: 'success',
          details_json: JSON.stringify({ seq, note: `${MARK} ${seq}` }),
          prev_hash: prev,
        }
        prev = entryHash(row)
        insert.run({ ...row, hash: prev })
      }
    })()
  }

  it('verifies the old chain, seals and re-chains it, and anchors the old head hash', async () => {
    writeV1(7, '01JTENANT0000000000000000A')
    const oldHead = sqlite.prepare('SELECT hash FROM audit_log WHERE seq = 7').pluck().get()
    await migrateToLatest(kysely)
    // after the migration, before the startup step: still the v1 chain, still verifying
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 7 })
    expect(await sealLegacyAudit(db, 5000)).toEqual({ sealed: 7 })
    const raw = JSON.stringify(sqlite.prepare('SELECT * FROM audit_log').all())
    expect(raw).not.toContain(MARK)
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 8 })
    expect(await verifyAuditChain(db, auditKeysOf(db))).toEqual({ ok: true, count: 8, opened: 8 })
    const rows = await auditRows({ db })
    expect(rows[3]?.details).toEqual({ seq: 4, note: `${MARK} 4` })
    expect(rows[7]).toMatchObject({ action: 'audit.sealed', outcome: 'success' })
    expect(rows[7]?.details).toEqual({ entries: 7, v1HeadHash: oldHead })
    // idempotent: the next start finds nothing to seal
    expect(await sealLegacyAudit(db, 6000)).toEqual({ sealed: 0 })
    await recordAudit(db, entry(99), 7000)
    expect(await verifyAuditChain(db, auditKeysOf(db))).toMatchObject({ ok: true, count: 9 })
  })

  it('leaves the old trail untouched when sealing fails halfway, and completes on the rerun', async () => {
    writeV1(1200)
    await migrateToLatest(kysely)
    // a failure at the 700th entry (a crash at any point rolls back the same way: one transaction)
    sqlite.exec(`CREATE TRIGGER test_crash BEFORE UPDATE ON audit_log WHEN NEW.seq = 700
      BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`)
    await expect(sealLegacyAudit(db, 5000)).rejects.toThrow(/simulated crash/)
    const v1 = sqlite.prepare('SELECT count(*) FROM audit_log WHERE chain_version = 1').pluck()
    expect(v1.get()).toBe(1200)
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 1200 })
    sqlite.exec('DROP TRIGGER test_crash')
    const started = performance.now()
    expect(await sealLegacyAudit(db, 6000)).toEqual({ sealed: 1200 })
    const ms = performance.now() - started
    expect(v1.get()).toBe(0)
    expect(await verifyAuditChain(db, auditKeysOf(db))).toEqual({
      ok: true,
      count: 1201,
      opened: 1201,
    })
    expect(ms).toBeLessThan(60_000)
  })

  it('records a broken old chain in the anchor instead of hiding it', async () => {
    writeV1(5)
    const guard = sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'")
      .pluck()
      .get() as string
    sqlite.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'x' WHERE seq = 3")
    sqlite.exec(guard)
    await migrateToLatest(kysely)
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 3 })
    const result = await sealLegacyAudit(db, 5000)
    expect(result).toEqual({
      sealed: 5,
      v1Problem: { seq: 3, reason: 'hash does not match the entry (edited)' },
    })
    const [anchor] = await auditRows({ db }, (q) => q.where('action', '=', 'audit.sealed'))
    expect(anchor).toMatchObject({ outcome: 'failure' })
    expect(anchor?.details).toMatchObject({ v1Problem: { seq: 3 } })
  })
})
