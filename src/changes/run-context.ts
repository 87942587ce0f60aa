// What one running change needs: dependencies, the tenant scope, timings, its live record and
// the "keep" signal of manual confirmation.
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { RouterOsError, TrapError, type RouterOsSession } from '../routeros/index.ts'
import type { Logger } from '../log.ts'
import { applyOperation, OperationError } from './apply-ops.ts'
import type { ChangeOperation, OperationResult } from './changes.types.ts'
import { withDeviceApi, type LinkDeps } from './device-link.ts'
import type { Progress } from './progress.ts'
import type { ChangeTimings } from './timings.ts'

export interface ChangeDeps extends LinkDeps {
  readonly db: GlobalDb
  readonly log: Logger
}

export interface KeepSignal {
  /** resolves true when "keep" is asked for before `deadline`, false at the deadline */
  wait(deadline: number): Promise<boolean>
}

export interface RunContext {
  deps: ChangeDeps
  scope: TenantScope
  deviceId: string
  ops: ChangeOperation[]
  timings: ChangeTimings
  progress: Progress
  keep: KeepSignal
}

/** A device interaction's failure in plain words (router messages kept, causes not). */
export function words(e: unknown): string {
  if (e instanceof TrapError) return e.routerMessage
  if (e instanceof OperationError || e instanceof RouterOsError) return e.message
  return e instanceof Error ? e.message : String(e)
}

/** Errors meaning the session is gone (the change may have cut it), not that a command was refused. */
export function sessionLost(e: unknown): boolean {
  return (
    e instanceof RouterOsError &&
    ['closed', 'command_timeout', 'fatal', 'unreachable', 'refused', 'connect_timeout'].includes(
      e.code,
    )
  )
}

/** A fresh session to the device of this run. */
export function fresh<T>(
  r: RunContext,
  fn: (s: RouterOsSession, release: () => void) => Promise<T>,
): Promise<T> {
  return withDeviceApi(r.deps, r.scope, r.deviceId, r.timings, fn)
}

export interface ApplyFailure {
  index: number
  /** the session dropped (the change may have cut access) rather than the device refusing */
  lost: boolean
  message: string
}

/** Applies in order, stopping at the first failure; every result is recorded as it happens. */
export async function applyAll(
  r: RunContext,
  s: RouterOsSession,
): Promise<ApplyFailure | undefined> {
  const results: OperationResult[] = r.ops.map((_, index) => ({ index, status: 'skipped' }))
  for (const [index, op] of r.ops.entries()) {
    try {
      await applyOperation(s, op)
      results[index] = { index, status: 'ok' }
    } catch (e) {
      const lost = sessionLost(e)
      const message = lost ? `the connection dropped during this operation (${words(e)})` : words(e)
      results[index] = { index, status: 'failed', message }
      await r.progress.results(results)
      return { index, lost, message }
    }
  }
  await r.progress.results(results)
  return undefined
}

export function clockText(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`
}
