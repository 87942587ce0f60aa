// The super admin's backup actions from the web UI and the API: download an encrypted archive,
// take a local snapshot now, restore a local snapshot (staged, applied by a restart). Audited.
import type { Actor } from '../lib/actor.ts'
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import { ValidationError } from '../lib/errors.ts'
import { ArchiveError } from './archive.ts'
import { stageRestore } from './restore.ts'
import { backupsDir, listLocalSnapshots, snapshotPassphrase, writeLocalSnapshot, type LocalSnapshot } from './schedule.ts'
import { createSnapshot, snapshotSource, type SnapshotSource } from './snapshot.ts'

/**
 * @deprecated the one actor type is Actor (src/lib/actor.ts).
 * @public kept for code written before it (branches being merged)
 */
export type BackupActor = Actor

async function audit(deps: Deps, actor: Actor, action: string, outcome: 'success' | 'failure', label: string, details?: Record<string, unknown>): Promise<void> {
  await recordAudit(
    deps.db,
    { tenantId: null, actor: { kind: actor.kind, id: actor.id, name: actor.name }, ip: actor.ip, action, outcome, target: { type: 'backup', id: null, label }, ...(details ? { details } : {}) },
    deps.clock.now(),
  )
}

export function backupOverview(deps: Deps): { snapshots: LocalSnapshot[]; intervalHours: number; keep: number } {
  return { snapshots: listLocalSnapshots(deps.config.dataDir), intervalHours: deps.config.backup.intervalHours, keep: deps.config.backup.keep }
}

/** @returns the archive bytes and a file name for the download */
export async function downloadBackup(
  deps: Deps,
  actor: Actor,
  passphrase: string,
  source: SnapshotSource = snapshotSource(deps),
): Promise<{ name: string; bytes: Buffer }> {
  const { bytes } = await createSnapshot(source, passphrase)
  const name = `outpost-${new Date(deps.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.opbk`
  await audit(deps, actor, 'appliance.backup_download', 'success', name, { bytes: bytes.length })
  return { name, bytes }
}

export async function snapshotNow(deps: Deps, actor: Actor, source: SnapshotSource = snapshotSource(deps)): Promise<string> {
  const { name } = await writeLocalSnapshot(source, deps.config)
  await audit(deps, actor, 'appliance.backup_create', 'success', name)
  return name
}

/** Verifies and stages a local snapshot; throws ValidationError (nothing changed) when refused. */
export async function restoreLocalSnapshot(deps: Deps, actor: Actor, name: string, passphrase: string): Promise<string> {
  const safe = basename(name)
  const file = join(backupsDir(deps.config.dataDir), safe)
  if (safe !== name || !existsSync(file)) throw new ValidationError({ name: 'No such snapshot.' })
  try {
    const manifest = stageRestore(deps.config.dataDir, readFileSync(file), passphrase === '' ? snapshotPassphrase(deps.config) : passphrase)
    await audit(deps, actor, 'appliance.restore', 'success', safe, { createdAt: manifest.createdAt })
    return manifest.createdAt
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err
    await audit(deps, actor, 'appliance.restore', 'failure', safe, { reason: err.message })
    throw new ValidationError({ passphrase: `Restore refused: ${err.message}. Nothing was changed.` })
  }
}
