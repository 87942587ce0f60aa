// Every job kind and what runs one of its targets; a kind without an executor does not compile.
import type { JobKind } from '../../db/schema-jobs.ts'
import type { Executor } from './executor.ts'
import { firmwareExecutor } from './firmware.ts'
import { scriptExecutor } from './script.ts'

export const EXECUTORS = {
  command: scriptExecutor,
  template: scriptExecutor,
  guided: scriptExecutor,
  firmware: firmwareExecutor,
} as const satisfies Record<JobKind, Executor>
