// The contract of one job kind: run one target and say how it ended. One file per kind plus the
// compiler-checked registry in executors/index.ts (like the poller's collectors).
import type { ChangeDeps } from '../../changes/index.ts'
import type { DeviceId } from '../../db/schema-devices.ts'
import type { TenantScope } from '../../db/tenant-scope.ts'
import type { DeviceAccess } from '../../device-access/index.ts'
import type { GlobalDb } from '../../db/global-db.ts'
import type { Clock } from '../../lib/time.ts'
import type { Logger } from '../../log.ts'
import type { JobRow, TargetRow } from '../jobs.repo.ts'

/** What the runner needs from the app: the session limits, the clock, the audit log, and what
 * the change pipeline needs to open credentials. */
export interface JobDeps extends ChangeDeps {
  readonly deviceAccess: DeviceAccess
  readonly clock: Clock
  readonly log: Logger
  readonly db: GlobalDb
}

export interface TargetContext {
  deps: JobDeps
  scope: TenantScope
  job: JobRow
  target: TargetRow
  deviceId: DeviceId
  /** appends a line to the target's output now (persisted and sent to live viewers) */
  progress(line: string): Promise<void>
  /** true once the job was cancelled: long steps stop between commands */
  cancelled(): boolean
}

export interface TargetResult {
  state: 'succeeded' | 'failed' | 'skipped'
  output: string
  error?: string
  beforeVersion?: string | null
  afterVersion?: string | null
}

export interface Executor {
  run(ctx: TargetContext): Promise<TargetResult>
}
