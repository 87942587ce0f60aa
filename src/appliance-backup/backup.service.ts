// The super admin's backup actions from the web UI and the API: download an encrypted archive,
// take a local snapshot now, restore a local snapshot or an uploaded archive (staged, applied by a
// restart). Audited.
import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import { Readable } from 'node:stream'
import type { Actor } from '../lib/actor.ts'
import { basename, join } from 'node:path'
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import { ConflictError, ValidationError } from '../lib/errors.ts'
import { ArchiveError } from './archive.ts'
import { stageRestore } from './restore.ts'
import {
  backupsDir,
  listLocalSnapshots,
  SCHEDULE_SETTING,
  snapshotPassphrase,
  snapshotSchedule,
  writeLocalSnapshot,
  type LocalSnapshot,
  type SnapshotSchedule,
} from './schedule.ts'
import {
  POSTGRES_BACKUP_MESSAGE,
  snapshotSource,
  writeSnapshotFile,
  type SnapshotSource,
} from './snapshot.ts'

/**
 * @deprecated the one actor type is Actor (src/lib/actor.ts).
 * @public kept for code written before it (branches being merged)
 */
export type BackupActor = Actor

async function audit(
  deps: Deps,
  actor: Actor,
  action: string,
  outcome: 'success' | 'failure',
  label: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await recordAudit(
    deps.db,
    {
      tenantId: null,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      outcome,
      target: { type: 'backup', id: null, label },
      ...(details ? { details } : {}),
    },
    deps.clock.now(),
  )
}

export function backupOverview(deps: Deps): {
  snapshots: LocalSnapshot[]
  intervalHours: number
  keep: number
} {
  return {
    snapshots: listLocalSnapshots(deps.config.dataDir),
    ...snapshotSchedule(deps.sqlite, deps.config),
  }
}

/** Saves the snapshot schedule (the setup wizard); the scheduler applies it within a minute. */
export async function setSnapshotSchedule(
  deps: Deps,
  actor: Actor,
  schedule: SnapshotSchedule,
): Promise<void> {
  const now = deps.clock.now()
  const value_json = JSON.stringify(schedule)
  await deps.db
    .insertInto('appliance_settings')
    .values({ key: SCHEDULE_SETTING, value_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
    .execute()
  await audit(deps, actor, 'appliance.backup_schedule', 'success', 'snapshot schedule', {
    ...schedule,
  })
}

/**
 * Writes the archive to a hidden file in the data directory and hands back a stream of it; the
 * file is unlinked at once (the open descriptor keeps it readable), so nothing is left behind
 * and the archive is never held in memory whole.
 * @returns a file name for the download, its size and the stream
 */
export async function downloadBackup(
  deps: Deps,
  actor: Actor,
  passphrase: string,
  source: SnapshotSource = snapshotSource(deps),
): Promise<{ name: string; size: number; stream: ReadableStream<Uint8Array> }> {
  const file = join(deps.config.dataDir, `.download-${randomUUID()}.opbk`)
  let size: number
  let fd: number
  try {
    ;({ size } = await writeSnapshotFile(source, passphrase, file))
    fd = openSync(file, 'r')
  } finally {
    rmSync(file, { force: true })
  }
  const name = `outpost-${new Date(deps.clock.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.opbk`
  await audit(deps, actor, 'appliance.backup_download', 'success', name, { bytes: size })
  const stream = Readable.toWeb(
    createReadStream('', { fd, highWaterMark: 1 << 20 }),
  ) as ReadableStream<Uint8Array>
  return { name, size, stream }
}

export async function snapshotNow(
  deps: Deps,
  actor: Actor,
  source: SnapshotSource = snapshotSource(deps),
): Promise<string> {
  const { name } = await writeLocalSnapshot(source, deps.config)
  await audit(deps, actor, 'appliance.backup_create', 'success', name)
  return name
}

/** Verifies and stages a local snapshot; throws ValidationError (nothing changed) when refused. */
export async function restoreLocalSnapshot(
  deps: Deps,
  actor: Actor,
  name: string,
  passphrase: string,
): Promise<string> {
  const safe = basename(name)
  const file = join(backupsDir(deps.config.dataDir), safe)
  if (safe !== name || !existsSync(file)) throw new ValidationError({ name: 'No such snapshot.' })
  return stageAudited(
    deps,
    actor,
    safe,
    readFileSync(file),
    passphrase === '' ? snapshotPassphrase(deps.config) : passphrase,
    'passphrase',
  )
}

/**
 * Verifies and stages an archive uploaded by a super admin (a download from this or another
 * appliance); throws ValidationError (nothing changed) when refused.
 */
export async function restoreUploadedArchive(
  deps: Deps,
  actor: Actor,
  fileName: string,
  bytes: Buffer,
  passphrase: string,
): Promise<string> {
  const label = `upload ${basename(fileName).slice(0, 120) || 'archive'}`
  if (bytes.length === 0) throw new ValidationError({ archive: 'Choose an archive file (.opbk).' })
  return stageAudited(
    deps,
    actor,
    label,
    bytes,
    passphrase === '' ? snapshotPassphrase(deps.config) : passphrase,
    'archive_passphrase',
  )
}

async function stageAudited(
  deps: Deps,
  actor: Actor,
  label: string,
  bytes: Buffer,
  passphrase: string,
  field: string,
): Promise<string> {
  if (deps.sqlite === undefined) throw new ConflictError(POSTGRES_BACKUP_MESSAGE)
  try {
    const manifest = stageRestore(deps.config.dataDir, bytes, passphrase)
    await audit(deps, actor, 'appliance.restore', 'success', label, {
      createdAt: manifest.createdAt,
      bytes: bytes.length,
    })
    return manifest.createdAt
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err
    await audit(deps, actor, 'appliance.restore', 'failure', label, {
      reason: err.message,
      bytes: bytes.length,
    })
    throw new ValidationError({ [field]: `Restore refused: ${err.message}. Nothing was changed.` })
  }
}
