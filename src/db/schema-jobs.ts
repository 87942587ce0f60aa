// Table interfaces of migration 0019-jobs (owned by the jobs and firmware domains). Merged into
// the Database interface by schema.ts, like schema-backups.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

export type JobKind = 'command' | 'template' | 'firmware' | 'guided'
/** paused: waiting for confirmation after the canary; halted: stopped on a failure (resumable). */
export type JobState =
  | 'scheduled'
  | 'running'
  | 'paused'
  | 'halted'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'interrupted'
export type TargetState =
  'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'interrupted'

export interface JobsTable {
  id: string
  tenant_id: TenantId
  kind: JobKind
  title: string
  state: JobState
  is_write: 0 | 1
  spec_json: string
  concurrency: number
  canary: number
  canary_auto: 0 | 1
  canary_done: 0 | 1
  stop_on_failure: 0 | 1
  timeout_s: number
  mode: 'standard' | 'safe'
  /** why the job paused, halted or failed, in plain words */
  note: string | null
  created_by_kind: string
  created_by_id: string | null
  created_by_name: string
  created_at: number
  /** start of the maintenance window: the job waits until then */
  not_before: number | null
  started_at: number | null
  finished_at: number | null
}

export interface JobTargetsTable {
  tenant_id: TenantId
  job_id: string
  device_id: DeviceId
  device_name: string
  seq: number
  state: TargetState
  attempts: number
  /** the rendered script of this device (templates, guided config) */
  script: string | null
  output: string
  output_capped: 0 | 1
  error: string | null
  before_version: string | null
  after_version: string | null
  started_at: number | null
  finished_at: number | null
}

export interface JobTemplatesTable {
  id: string
  tenant_id: TenantId
  name: string
  description: string
  body: string
  variables_json: string
  is_read_only: 0 | 1
  version: number
  created_at: number
  updated_at: number
}

export interface JobTemplateVersionsTable {
  tenant_id: TenantId
  template_id: string
  version: number
  body: string
  variables_json: string
  changed_by: string
  changed_at: number
  summary: string
}

export interface DeviceFirmwareTable {
  tenant_id: TenantId
  device_id: DeviceId
  channel: string | null
  installed_version: string | null
  latest_version: string | null
  current_firmware: string | null
  upgrade_firmware: string | null
  checked_at: number
  error: string | null
}

export interface JobTables {
  jobs: JobsTable
  job_targets: JobTargetsTable
  job_templates: JobTemplatesTable
  job_template_versions: JobTemplateVersionsTable
  device_firmware: DeviceFirmwareTable
}

export const jobTableNames = {
  jobs: true,
  job_targets: true,
  job_templates: true,
  job_template_versions: true,
  device_firmware: true,
} as const satisfies Record<keyof JobTables, true>
