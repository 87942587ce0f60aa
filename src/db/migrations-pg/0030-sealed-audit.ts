// PostgreSQL mirror of migrations/0030-sealed-audit.ts: the chain v2 columns, and the append-only
// trigger function replaced by one allowing exactly the two updates SQLite's trigger allows (the
// startup sealing of a v1 entry, and the erasure of a deleted account's identity columns).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

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
const same = (cols: string[]) =>
  cols.map((c) => `NEW.${c} IS NOT DISTINCT FROM OLD.${c}`).join(' AND ')

const statements = [
  `ALTER TABLE audit_log ADD COLUMN chain_version BIGINT NOT NULL DEFAULT 1`,
  `ALTER TABLE audit_log ADD COLUMN details_sealed TEXT`,
  `ALTER TABLE audit_log ADD COLUMN details_digest TEXT`,
  `ALTER TABLE audit_log ADD COLUMN identity_salt TEXT`,
  `ALTER TABLE audit_log ADD COLUMN identity_digest TEXT`,
  `ALTER TABLE audit_log ADD COLUMN erased_at BIGINT`,
  `CREATE INDEX audit_log_v1 ON audit_log (seq) WHERE chain_version = 1`,
  `DROP TRIGGER audit_log_no_update ON audit_log`,
  `CREATE FUNCTION audit_log_sealing_or_erasure_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${same(FIXED)} AND (
        (OLD.chain_version = 2 AND NEW.chain_version = 2
          AND ${same(['prev_hash', 'hash', 'details_json', 'details_digest', 'identity_digest'])}
          AND NEW.identity_salt IS NULL AND NEW.erased_at IS NOT NULL
          AND (NEW.details_sealed IS NOT DISTINCT FROM OLD.details_sealed OR NEW.details_sealed IS NULL))
        OR
        (OLD.chain_version = 1 AND NEW.chain_version = 2 AND NEW.details_json = '{}'
          AND ${same(['actor_id', 'actor_name', 'ip', 'target_label'])}
          AND NEW.details_sealed IS NOT NULL AND NEW.identity_salt IS NOT NULL
          AND NEW.erased_at IS NULL)
      ) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_sealing_or_erasure_only()`,
]

export const migrationPg0030SealedAudit: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, statements)
  },
}
