// PostgreSQL mirror of migrations/0009-backups.ts. device_config_search is FTS5 on SQLite; here
// it is a plain tenant table with the same four columns and a GIN index over
// outpost_fts_vector(body) (full-text.ts: words split at punctuation and lower-cased, no
// stemming or accent folding, like FTS5's unicode61 with remove_diacritics 0). A real table can
// carry the foreign key, so the device's entry goes with the device by ON DELETE CASCADE
// instead of SQLite's trigger.
// The runtime query (see full-text.ts): outpost_fts_vector(body) @@ to_tsquery('simple', $1),
// best first by ts_rank(outpost_fts_vector(body), to_tsquery('simple', $1)) DESC.
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'

// lower-cased words ('simple'), split at ASCII punctuation like FTS5's unicode61 tokenizer
const FTS_FUNCTION_SQL = `CREATE FUNCTION outpost_fts_vector(body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN to_tsvector('simple'::regconfig,
    translate(body, '${PUNCTUATION.replaceAll("'", "''")}', '${' '.repeat(PUNCTUATION.length)}'))`

const statements = [
  `CREATE TABLE device_backups (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    captured_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'suspect')),
    status_reason TEXT,
    routeros_version TEXT,
    raw_size BIGINT NOT NULL,
    normalized_size BIGINT NOT NULL,
    stored_size BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    codec TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    lines_added BIGINT NOT NULL,
    lines_removed BIGINT NOT NULL,
    sections_json TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX device_backups_tenant_device_at ON device_backups (tenant_id, device_id, captured_at)`,
  FTS_FUNCTION_SQL,
  `CREATE TABLE device_config_search (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    backup_id TEXT NOT NULL,
    body TEXT NOT NULL,
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX device_config_search_device ON device_config_search (tenant_id, device_id)`,
  `CREATE INDEX device_config_search_body ON device_config_search
    USING gin (outpost_fts_vector(body))`,
]

export const migrationPg0009Backups: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
