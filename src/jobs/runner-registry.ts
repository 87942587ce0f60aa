// One runner per database (the app's, or a test's): the HTTP routes start and stop jobs on it, and
// startup.ts recovers and schedules through it. Built on first use; nothing starts at import.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { JobDeps } from './executors/executor.ts'
import { JobRunner } from './runner.ts'

export interface RunnerDeps extends JobDeps {
  readonly kysely: Kysely<Database>
}

const runners = new WeakMap<object, JobRunner>()

export function jobRunner(deps: RunnerDeps): JobRunner {
  let r = runners.get(deps.kysely)
  if (!r) {
    r = new JobRunner(deps.kysely, deps)
    runners.set(deps.kysely, r)
  }
  return r
}
