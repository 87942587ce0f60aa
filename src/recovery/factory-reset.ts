// Applying a factory reset staged by the recovery console, at start-up before anything opens the
// databases: the databases, secrets, generated certificate and the admin's one-time password go;
// a new first admin is created as on a fresh box. Kept: the recovery console's credentials and
// the local snapshots in backups/ (encrypted, so a mistaken reset can still be undone).
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { FACTORY_RESET_MARKER } from './recovery.service.ts'

const WIPED = [
  'outpost.db',
  'outpost.db-wal',
  'outpost.db-shm',
  'samples.db',
  'samples.db-wal',
  'samples.db-shm',
  '.secrets.json',
  'initial-admin-password',
  'tls',
]

/** @returns true when a staged reset was applied */
export function applyFactoryReset(dataDir: string): boolean {
  const marker = join(dataDir, FACTORY_RESET_MARKER)
  if (!existsSync(marker)) return false
  for (const name of WIPED) rmSync(join(dataDir, name), { recursive: true, force: true })
  rmSync(marker)
  return true
}
