// Sealed audit details (issue 19): chain v2 columns. Existing entries stay chain_version 1 with
// their details in clear until the startup step (src/audit/legacy-seal.ts), which holds the
// master key a migration has not, seals and re-chains them. The append-only trigger is replaced
// by one that allows exactly two updates: that sealing of a v1 entry, and the erasure of a
// deleted account's identity columns (the chained digests stay, the salt goes).
import { sql, type Kysely, type Migration } from 'kysely'

// every column an update must leave alone, whatever it does
const FIXED = [
  'seq',
  'at',
  'tenant_id',
  'actor_kind',
  'action',
  'target_type',
  'target_id',
  'outcome',
]
const same = (cols: string[]) => cols.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ')

const statements = [
  `ALTER TABLE audit_log ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1`,
  `ALTER TABLE audit_log ADD COLUMN details_sealed TEXT`,
  `ALTER TABLE audit_log ADD COLUMN details_digest TEXT`,
  `ALTER TABLE audit_log ADD COLUMN identity_salt TEXT`,
  `ALTER TABLE audit_log ADD COLUMN identity_digest TEXT`,
  `ALTER TABLE audit_log ADD COLUMN erased_at INTEGER`,
  // the startup step finds the entries still to seal without a scan
  `CREATE INDEX audit_log_v1 ON audit_log (seq) WHERE chain_version = 1`,
  `DROP TRIGGER audit_log_no_update`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    WHEN NOT (${same(FIXED)} AND (
      (OLD.chain_version = 2 AND NEW.chain_version = 2
        AND ${same(['prev_hash', 'hash', 'details_json', 'details_digest', 'identity_digest'])}
        AND NEW.identity_salt IS NULL AND NEW.erased_at IS NOT NULL
        AND (NEW.details_sealed IS OLD.details_sealed OR NEW.details_sealed IS NULL))
      OR
      (OLD.chain_version = 1 AND NEW.chain_version = 2 AND NEW.details_json = '{}'
        AND ${same(['actor_id', 'actor_name', 'ip', 'target_label'])}
        AND NEW.details_sealed IS NOT NULL AND NEW.identity_salt IS NOT NULL
        AND NEW.erased_at IS NULL)
    ))
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
]

export const migration0030SealedAudit: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
