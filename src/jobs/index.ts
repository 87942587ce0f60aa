// Public surface of the jobs domain: fleet jobs (commands, templates, guided config, firmware),
// their runner and templates.
export { createJob, type JobActor, type JobsCtx } from './job-create.service.ts'
export {
  cancelJob,
  getJobDetail,
  jobCsv,
  listJobViews,
  resumeJob,
  retryJob,
} from './jobs.service.ts'
export { jobCreateSchema, type JobCreateInput } from './jobs.schema.ts'
export { jobRunner, type RunnerDeps } from './runner-registry.ts'
export { jobTick, recoverJobs, JOB_HISTORY_DAYS } from './recovery.ts'
export { isReadOnly } from './classify.ts'
export { guidedSchema, GUIDED_TASKS, type GuidedInput } from './guided/guided.schema.ts'
export { guidedScript, maskScriptSecrets } from './guided/guided-script.ts'
export {
  getTemplate,
  listTemplates,
  previewTemplate,
  saveTemplateVersion,
  type TemplateCtx,
} from './templates/templates.service.ts'
export { templateInputSchema } from './templates/templates.schema.ts'
export { VARIABLE_TYPES, DEVICE_FIELDS } from './templates/variables.ts'
export { parseCliProps } from './firmware-steps.ts'
export { runOnDevice } from './device-session.ts'
export type { JobDetail, JobEvent, JobTargetView, JobView, JobCounts } from './jobs.types.ts'
export type { PreviewRow, TemplateVersionView, TemplateView } from './templates/templates.types.ts'
export { toCounts, toJobView } from './job-view.ts'
