// Public surface of the changes domain (issue 11): the one pipeline every write to a router goes
// through (config editor, restore, fleet jobs, templates, guided forms, firmware).
export type {
  ChangeActor,
  ChangeMode,
  ChangeOperation,
  ChangePreview,
  ChangeRecord,
  ChangeSetInput,
  ChangeSource,
  ChangeState,
  ConfirmMode,
  OperationResult,
  PropertyValues,
} from './changes.types.ts'
export { FINAL_STATES } from './changes.types.ts'
export {
  awaitChange,
  changeWindow,
  configureChanges,
  deviceChangeLock,
  followDeviceChanges,
  getChange,
  listDeviceChanges,
  previewChange,
  setChangeWindow,
  startChange,
  type ChangeCtx,
  type StartOptions,
} from './changes.service.ts'
export { keepChange } from './keep.service.ts'
export type { ChangeDeps } from './run-context.ts'
export { runnerFor as changeRunner } from './change-runner.ts'
export type { ChangeTimings } from './timings.ts'
export { changeSetSchema, operationSchema } from './changes.schema.ts'
export { renderScript } from './render.ts'
export { configMenus, readConfig, type ConfigListing } from './config-read.service.ts'
export { previewRestore, restoreBackup, type RestorePreview } from './restore.service.ts'
export {
  previewBinaryRestore,
  restoreBinaryBackup,
  type BinaryRestorePreview,
} from './binary-restore.service.ts'
export { catalogue, type MenuSpec } from './catalogue.ts'
