// View models of jobs (what views and the JSON API may import).
import type { JobKind, JobState, TargetState } from '../db/schema-jobs.ts'

export type { JobKind, JobState, TargetState }

export interface JobTargetView {
  deviceId: string
  deviceName: string
  seq: number
  state: TargetState
  attempts: number
  output: string
  /** the output was longer than the stored limit: it was cut, and says so at the end */
  outputCapped: boolean
  error: string | null
  beforeVersion: string | null
  afterVersion: string | null
  startedAt: number | null
  finishedAt: number | null
  durationMs: number | null
}

export interface JobCounts {
  total: number
  queued: number
  running: number
  succeeded: number
  failed: number
  skipped: number
  cancelled: number
  interrupted: number
}

export interface JobView {
  id: string
  kind: JobKind
  title: string
  state: JobState
  isWrite: boolean
  mode: 'standard' | 'safe'
  concurrency: number
  canary: number
  canaryAuto: boolean
  stopOnFailure: boolean
  timeoutS: number
  note: string | null
  createdBy: string
  createdAt: number
  notBefore: number | null
  startedAt: number | null
  finishedAt: number | null
  counts: JobCounts
}

export interface JobDetail extends JobView {
  spec: Record<string, unknown>
  targets: JobTargetView[]
}

/** What the live feed says about a job (SSE: the Jobs list and the job page). */
export interface JobEvent {
  tenantId: string
  jobId: string
  /** the job's state changed, or a target changed (with its new view) */
  target?: JobTargetView
  state?: JobState
  /** made in another process (issue 20): only refreshes pages, never sent on again */
  remote?: true
}
