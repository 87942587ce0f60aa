// Restoring an appliance archive without ever leaving the data directory half-replaced: the
// archive is decrypted, checked (schema not newer than this build, every database passes
// SQLite's integrity check) and written to <dataDir>/.restore-staged; the swap itself happens
// in applyStagedRestore, which startup calls before anything opens the databases (the running
// service restarts for it, so the poller is stopped). The previous files go to .pre-restore-<time>.
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { knownMigrations } from '../db/migrate.ts'
import { SECRETS_FILE } from '../lib/secrets-file.ts'
import { ArchiveError, openArchive, type Manifest } from './archive.ts'
import { appliedMigrations, DB_FILES, SECRETS_ENTRY } from './snapshot.ts'

const STAGED = '.restore-staged'
const READY = 'READY'

/**
 * Throws ArchiveError (wrong passphrase, damaged, newer schema); the data directory is unchanged then.
 * @example const manifest = stageRestore(dataDir, bytes, passphrase)
 */
export function stageRestore(dataDir: string, bytes: Buffer, passphrase: string): Manifest {
  const { manifest, files } = openArchive(bytes, passphrase)
  const known = new Set(knownMigrations())
  const unknown = manifest.migrations.filter((m) => !known.has(m))
  if (unknown.length > 0) {
    throw new ArchiveError(
      `archive was made by a newer Outpost (${manifest.appVersion}, schema ${unknown.join(', ')}); upgrade this appliance first`,
    )
  }
  if (!files.has('outpost.db') || !files.has(SECRETS_ENTRY))
    throw new ArchiveError('archive lacks the database or the secrets')
  const tmp = join(dataDir, `${STAGED}.tmp`)
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true, mode: 0o700 })
  try {
    for (const [name, data] of files) {
      const target = name === SECRETS_ENTRY ? SECRETS_FILE : name
      if (target !== SECRETS_FILE && !(DB_FILES as readonly string[]).includes(target)) continue
      writeFileSync(join(tmp, target), data, { mode: 0o600 })
    }
    for (const name of DB_FILES) {
      if (existsSync(join(tmp, name))) checkIntegrity(join(tmp, name))
    }
    const migrations = appliedMigrations(join(tmp, 'outpost.db'))
    if (migrations.join() !== manifest.migrations.join())
      throw new ArchiveError('archive database does not match its manifest')
    writeFileSync(join(tmp, READY), `${manifest.createdAt}\n`)
    rmSync(join(dataDir, STAGED), { recursive: true, force: true })
    renameSync(tmp, join(dataDir, STAGED))
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err
  }
  return manifest
}

function checkIntegrity(file: string): void {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const result = db.pragma('integrity_check', { simple: true })
    if (result !== 'ok')
      throw new ArchiveError(`archive database ${file.split('/').pop()} fails its integrity check`)
  } catch (err) {
    if (err instanceof ArchiveError) throw err
    throw new ArchiveError(
      `archive database ${file.split('/').pop()} cannot be opened (${(err as Error).message})`,
    )
  } finally {
    db?.close()
  }
}

export function hasStagedRestore(dataDir: string): boolean {
  return existsSync(join(dataDir, STAGED, READY))
}

/**
 * Swaps a staged restore into place; call only while no database is open. Re-running after a
 * crash half-way finishes the remaining files. Returns the folder holding the previous files.
 */
export function applyStagedRestore(dataDir: string, now = new Date()): string | undefined {
  const staged = join(dataDir, STAGED)
  if (!hasStagedRestore(dataDir)) return undefined
  const previous = join(dataDir, `.pre-restore-${now.toISOString().replace(/[:.]/g, '-')}`)
  mkdirSync(previous, { recursive: true, mode: 0o700 })
  for (const name of readdirSync(staged)) {
    if (name === READY) continue
    const group = name === SECRETS_FILE ? [name] : [name, `${name}-wal`, `${name}-shm`]
    for (const f of group) {
      if (existsSync(join(dataDir, f))) renameSync(join(dataDir, f), join(previous, f))
    }
    renameSync(join(staged, name), join(dataDir, name))
  }
  rmSync(staged, { recursive: true, force: true })
  return previous
}
