// Scheduled local snapshots into <dataDir>/backups with retention, encrypted with the configured
// passphrase or one generated into <dataDir>/backup-passphrase (0600, alone on a line). Started
// and stopped by startup.ts only.
import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import { writeSnapshotFile, type SnapshotSource } from './snapshot.ts'

export const PASSPHRASE_FILE = 'backup-passphrase'
const PREFIX = 'outpost-'
export const ARCHIVE_EXT = '.opbk'

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups')
}

/** @example const passphrase = snapshotPassphrase(config) */
export function snapshotPassphrase(config: Pick<Config, 'dataDir' | 'backup'>): string {
  if (config.backup.passphrase !== undefined) return config.backup.passphrase
  const file = join(config.dataDir, PASSPHRASE_FILE)
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const generated = randomBytes(18).toString('base64url')
  writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' })
  return generated
}

export interface LocalSnapshot {
  readonly name: string
  readonly bytes: number
}

export function listLocalSnapshots(dataDir: string): LocalSnapshot[] {
  const dir = backupsDir(dataDir)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.startsWith(PREFIX) && e.name.endsWith(ARCHIVE_EXT))
    .map((e) => ({ name: e.name, bytes: statSync(join(dir, e.name)).size }))
    .sort((a, b) => b.name.localeCompare(a.name))
}

/** Writes one snapshot to the backups folder and prunes beyond `keep`; returns its file name. */
export async function writeLocalSnapshot(
  source: SnapshotSource,
  config: Pick<Config, 'dataDir' | 'backup'>,
  now = new Date(),
): Promise<{ name: string; snapshotMs: number }> {
  const dir = backupsDir(config.dataDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const name = `${PREFIX}${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}${ARCHIVE_EXT}`
  const tmp = join(dir, `.${name}.tmp`)
  let snapshotMs: number
  try {
    ;({ snapshotMs } = await writeSnapshotFile(source, snapshotPassphrase(config), tmp))
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  renameSync(tmp, join(dir, name))
  for (const old of listLocalSnapshots(config.dataDir).slice(config.backup.keep))
    rmSync(join(dir, old.name), { force: true })
  return { name, snapshotMs }
}

export interface BackupSchedule {
  stop(): Promise<void>
}

export const SCHEDULE_SETTING = 'backup_schedule'
/** How often the schedule looks whether a snapshot is due. */
const CHECK_MS = 60_000

export interface SnapshotSchedule {
  intervalHours: number
  keep: number
}

/**
 * The schedule in force: the one a super admin saved (setup wizard, appliance_settings) or the
 * environment's. Read through the main connection synchronously: the scheduler has no Deps.
 */
export function snapshotSchedule(
  sqlite: Database.Database | undefined,
  config: Pick<Config, 'backup'>,
): SnapshotSchedule {
  // PostgreSQL (issue 20): no appliance snapshots, the database is backed up with pg_dump
  if (sqlite === undefined) return { intervalHours: 0, keep: config.backup.keep }
  const row = sqlite
    .prepare('SELECT value_json FROM appliance_settings WHERE key = ?')
    .get(SCHEDULE_SETTING) as { value_json: string } | undefined
  const saved = row ? (JSON.parse(row.value_json) as Partial<SnapshotSchedule>) : {}
  return {
    intervalHours: saved.intervalHours ?? config.backup.intervalHours,
    keep: saved.keep ?? config.backup.keep,
  }
}

function newestSnapshotAt(dataDir: string): number {
  const newest = listLocalSnapshots(dataDir)[0]
  return newest === undefined ? 0 : statSync(join(backupsDir(dataDir), newest.name)).mtimeMs
}

/**
 * Every minute: a snapshot is due when the newest one is older than the interval in force (so
 * a restart does not restart the clock, and a changed schedule applies without one).
 * @example const schedule = startBackupSchedule(source, config, log)
 */
export function startBackupSchedule(
  source: SnapshotSource,
  config: Config,
  log: Logger,
  now: () => number = Date.now,
): BackupSchedule {
  let running: Promise<void> | undefined
  const tick = (): void => {
    if (running !== undefined) return
    const { intervalHours, keep } = snapshotSchedule(source.sqlite, config)
    if (intervalHours === 0 || now() - newestSnapshotAt(config.dataDir) < intervalHours * 3_600_000)
      return
    running = writeLocalSnapshot(source, {
      dataDir: config.dataDir,
      backup: { ...config.backup, keep },
    })
      .then(({ name, snapshotMs }) =>
        log.info({ name, snapshotMs: Math.round(snapshotMs) }, 'appliance snapshot written'),
      )
      .catch((err: unknown) =>
        log.error({ err: (err as Error).message }, 'appliance snapshot failed'),
      )
      .finally(() => (running = undefined))
  }
  const timer = setInterval(tick, CHECK_MS)
  timer.unref()
  return {
    stop: async () => {
      clearInterval(timer)
      // the database closes right after this: let a snapshot in progress finish first
      await running
    },
  }
}
