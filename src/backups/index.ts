// Public surface of the backups domain for other domains (capture scheduling, pages, API).
export {
  listBackups,
  pruneBackups,
  readBackupText,
  searchConfigs,
  storeCapture,
  type BackupCtx,
  type BackupsDeps,
} from './backups.service.ts'
export type { BackupView, ConfigSearchHit, ExportCapture, StoreOutcome } from './backups.types.ts'
export { diffLines, sideBySide, unifiedDiff } from './diff.ts'
export { maskSecrets } from './mask.ts'
export { normalizeExport, NORMALIZE_RULES } from './normalize.ts'
export { DEFAULT_RETENTION, selectForDeletion, type RetentionPolicy } from './retention.ts'
export { describeChange, summarizeChange, type ChangeSummary } from './summary.ts'
export { verifyCapture, type CaptureVerdict } from './verify-capture.ts'
export {
  backUpDevice,
  captureLive,
  exportCommand,
  type CaptureCtx,
  type CaptureDeps,
  type CaptureResult,
} from './capture.service.ts'
export { lastAttempt } from './backup-status.service.ts'
export { getTenantRun, startTenantRun } from './backup-run.service.ts'
export {
  diffVersions,
  downloadExport,
  type Reader,
  type ReaderCtx,
} from './backup-views.service.ts'
export { searchWithNames } from './backups-context.ts'
export {
  BackupScheduler,
  DEFAULT_SCHEDULED_CONCURRENCY,
  type SchedulerOptions,
} from './backup-scheduler.ts'
export {
  DEFAULT_SCHEDULE,
  effectiveSchedule,
  getBackupOptions,
  listSchedules,
  parseSchedule,
  removeSchedule,
  saveBackupOptions,
  saveSchedule,
  spreadOffsetMs,
  type BackupOptions,
  type Schedule,
  type ScheduleTarget,
  type ScheduleView,
} from './schedule.service.ts'
// binary `.backup` restore (changes domain): the stored files, their password
export {
  binaryPassword,
  listBinaryBackups,
  readBinaryBackup,
  storeForwardedBinary,
  type BinaryBackupView,
} from './binary-backup.service.ts'
