import Database from 'better-sqlite3'
import { closeSync, openSync } from 'node:fs'

export type SamplesDb = Database.Database

const SCHEMA_VERSION = 2

/**
 * Opens (and creates) samples.db, the metrics store kept apart from the main database
 * (ARCHITECTURE.md: high-volume samples get their own file, PocketBase's auxiliary.db idea), so a
 * burst of sample writes never holds the main database's write lock.
 *
 * Tenancy: every series row carries tenant_id and device_id; readers look series up by both, so
 * one tenant can't read another's samples even with a guessed device id. Sample tables hold only
 * the integer series key to stay compact; they live in time-partitioned WITHOUT ROWID tables
 * created on demand (see tiers.ts).
 * @example const db = openSamplesDb(join(dataDir, 'samples.db'))
 */
export function openSamplesDb(file: string): SamplesDb {
  // created 0600 like outpost.db (SQLite gives -wal/-shm the same mode): metrics reveal the fleet
  if (file !== ':memory:') closeSync(openSync(file, 'a', 0o600))
  const db = new Database(file)
  // busy_timeout first so the following pragmas wait instead of failing (PocketBase's order).
  db.pragma('busy_timeout = 5000')
  // 8 kB pages hold four packed 5-minute blocks (~2 kB each) where 4 kB pages waste half a page
  // each; only a new file takes it (an existing one keeps its page size)
  db.pragma('page_size = 8192')
  // auto_vacuum must be set before the first table exists; incremental lets retention shrink it.
  db.pragma('auto_vacuum = INCREMENTAL')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('temp_store = MEMORY')
  migrate(db)
  return db
}

function migrate(db: SamplesDb): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version >= SCHEMA_VERSION) return
  db.transaction(() => {
    if (version < 1) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS series (
          id INTEGER PRIMARY KEY,
          tenant_id TEXT NOT NULL,
          device_id TEXT NOT NULL,
          metric TEXT NOT NULL,
          label TEXT NOT NULL DEFAULT '',
          UNIQUE (tenant_id, device_id, metric, label)
        )`)
    }
    // v2: packed blocks are stored per device (device_keys), open rollup buckets survive a crash
    // (open_buckets), and pack_state remembers how far each tier is packed.
    db.exec(`
      CREATE TABLE device_keys (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        UNIQUE (tenant_id, device_id)
      );
      ALTER TABLE series ADD COLUMN dev INTEGER;
      INSERT INTO device_keys (tenant_id, device_id) SELECT DISTINCT tenant_id, device_id FROM series;
      UPDATE series SET dev = (SELECT k.id FROM device_keys k
        WHERE k.tenant_id = series.tenant_id AND k.device_id = series.device_id);
      CREATE INDEX series_dev ON series (dev);
      CREATE TABLE open_buckets (
        series_id INTEGER NOT NULL, tier TEXT NOT NULL, ts INTEGER NOT NULL,
        sum REAL NOT NULL, max REAL NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (series_id, tier)
      ) WITHOUT ROWID;
      CREATE TABLE pack_state (tier TEXT PRIMARY KEY, packed_until INTEGER NOT NULL);
      PRAGMA user_version = ${SCHEMA_VERSION};
    `)
  })()
}

/** Creates a partition table if needed. Raw rows: one value; rollups: avg, max and count. */
export function createPartition(db: SamplesDb, table: string, rollup: boolean): void {
  const cols = rollup
    ? 'avg REAL NOT NULL, max REAL NOT NULL, n INTEGER NOT NULL'
    : 'value REAL NOT NULL'
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, ${cols},
     PRIMARY KEY (series_id, ts)) WITHOUT ROWID`,
  )
}

/**
 * Creates a packed partition table if needed: one row per device and time block, the block's
 * samples of all the device's series packed and deflated (block-codec.ts). Rows of a few kB are
 * kept in a rowid table (SQLite advises against WITHOUT ROWID for rows that large).
 */
export function createPackedPartition(db: SamplesDb, table: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (dev INTEGER NOT NULL, block INTEGER NOT NULL, data BLOB NOT NULL,
     PRIMARY KEY (dev, block))`)
}

/** Bytes used by the file (pages in use, not counting the free list). */
export function samplesDbBytes(db: SamplesDb): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const pages = db.pragma('page_count', { simple: true }) as number
  const free = db.pragma('freelist_count', { simple: true }) as number
  return (pages - free) * pageSize
}
