// Public surface of the appliance backup domain (snapshot, archive, staged restore, schedule).
export { ArchiveError, openArchive, type Manifest } from './archive.ts'
export {
  createSnapshot,
  snapshotSource,
  writeSnapshotFile,
  type SnapshotSource,
} from './snapshot.ts'
export { applyStagedRestore, hasStagedRestore, stageRestore } from './restore.ts'
export {
  ARCHIVE_EXT,
  backupsDir,
  listLocalSnapshots,
  snapshotPassphrase,
  startBackupSchedule,
  writeLocalSnapshot,
  type BackupSchedule,
} from './schedule.ts'
export { backupApi } from './backup.routes.tsx'
export {
  backupOverview,
  setSnapshotSchedule,
  snapshotNow,
  type BackupActor,
} from './backup.service.ts'
export type { SnapshotSchedule } from './schedule.ts'
