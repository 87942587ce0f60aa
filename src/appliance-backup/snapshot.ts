// Taking a consistent snapshot of the appliance: both SQLite databases through the online backup
// API (pages are copied in steps, so the poller keeps writing meanwhile) plus the secrets that
// decrypt device credentials, sealed into one passphrase-encrypted archive.
import Database from 'better-sqlite3'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Secrets } from '../deps.ts'
import { ConflictError } from '../lib/errors.ts'
import { APP_VERSION } from '../lib/version.ts'
import { writeArchive, type ArchiveEntry } from './archive-writer.ts'

export const DB_FILES = ['outpost.db', 'samples.db'] as const
export const SECRETS_ENTRY = 'secrets.json'
/** PostgreSQL (issue 20): the database is the operator's to back up, with its own tools */
export const POSTGRES_BACKUP_MESSAGE =
  "Appliance backups cover the SQLite edition. This Outpost keeps its data in PostgreSQL: back the database up with pg_dump (and keep the data directory's .secrets.json with it)."

export interface SnapshotSource {
  readonly dataDir: string
  /** the open main database (its backup runs on this connection); undefined on PostgreSQL */
  readonly sqlite: Database.Database | undefined
  readonly secrets: Secrets
  /** the metrics store's own connection to samples.db, when the poller runs: a backup through the
   * connection that writes never restarts, one through another connection restarts on each write */
  readonly samples?: Database.Database
}

export interface Snapshot {
  readonly bytes: Buffer
  /** time spent copying the databases, for the log and the benchmark */
  readonly snapshotMs: number
}

/**
 * Copies both databases (online backup) and streams them with the secrets into an archive file;
 * memory use does not grow with the databases.
 * @example const { size } = await writeSnapshotFile(source, passphrase, '/data/backups/x.opbk')
 */
export async function writeSnapshotFile(
  source: SnapshotSource,
  passphrase: string,
  file: string,
): Promise<{ snapshotMs: number; size: number }> {
  if (source.sqlite === undefined) throw new ConflictError(POSTGRES_BACKUP_MESSAGE)
  const tmp = mkdtempSync(join(source.dataDir, '.snapshot-'))
  try {
    const started = performance.now()
    await copyDatabases(source, tmp)
    const snapshotMs = performance.now() - started
    const entries: ArchiveEntry[] = DB_FILES.filter((name) => existsSync(join(tmp, name))).map(
      (name) => ({ name, path: join(tmp, name) }),
    )
    entries.push({ name: SECRETS_ENTRY, data: Buffer.from(secretsJson(source.secrets), 'utf8') })
    const meta = {
      createdAt: new Date().toISOString(),
      appVersion: APP_VERSION,
      migrations: appliedMigrations(join(tmp, 'outpost.db')),
    }
    await writeArchive(meta, entries, passphrase, createWriteStream(file, { mode: 0o600 }))
    return { snapshotMs, size: statSync(file).size }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** The archive in memory (tests, small appliances); big ones go through writeSnapshotFile. */
export async function createSnapshot(
  source: SnapshotSource,
  passphrase: string,
): Promise<Snapshot> {
  const tmp = mkdtempSync(join(source.dataDir, '.archive-'))
  try {
    const { snapshotMs } = await writeSnapshotFile(source, passphrase, join(tmp, 'archive.opbk'))
    return { bytes: readFileSync(join(tmp, 'archive.opbk')), snapshotMs }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

async function copyDatabases(source: SnapshotSource, tmp: string): Promise<void> {
  await source.sqlite!.backup(join(tmp, 'outpost.db'), { progress: step })
  const samples = join(source.dataDir, 'samples.db')
  if (source.samples !== undefined)
    await source.samples.backup(join(tmp, 'samples.db'), { progress: step })
  else if (existsSync(samples)) {
    // a second connection: the metrics store's own one belongs to the poller
    const db = new Database(samples, { readonly: true, fileMustExist: true })
    try {
      await db.backup(join(tmp, 'samples.db'), { progress: step })
    } finally {
      db.close()
    }
  }
}

/** 2,000 pages (8 MB) per step: short enough stalls between steps for the poller's timers, and far
 * fewer event-loop turns than better-sqlite3's default of 100 pages. */
function step(): number {
  return 2000
}

/** The same shape as <dataDir>/.secrets.json, so a restore can put it in place as is. */
function secretsJson(secrets: Secrets): string {
  return `${JSON.stringify({
    version: 1,
    tokenSecret: secrets.tokenKey.toString('base64'),
    masterKey: secrets.masterKey.toString('base64'),
    createdAt: new Date().toISOString(),
  })}\n`
}

export function appliedMigrations(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as {
      name: string
    }[]
    return rows.map((r) => r.name)
  } finally {
    db.close()
  }
}

/** @example await createSnapshot(snapshotSource(deps), passphrase) */
export function snapshotSource(
  deps: { config: { dataDir: string }; sqlite: Database.Database | undefined; secrets: Secrets },
  samples?: Database.Database,
): SnapshotSource {
  return {
    dataDir: deps.config.dataDir,
    sqlite: deps.sqlite,
    secrets: deps.secrets,
    ...(samples ? { samples } : {}),
  }
}
