// The live record of one running change: every state transition and per-operation result is
// written to its row and pushed to the device page's listeners (SSE) in the same step, so the
// history, the API and the countdown on screen never disagree.
import type { TenantScope } from '../db/tenant-scope.ts'
import { updateChange, type ChangeRow } from './changes.repo.ts'
import type { ChangeRecord, ChangeState, OperationResult } from './changes.types.ts'

export function toRecord(r: ChangeRow): ChangeRecord {
  return {
    id: r.id,
    deviceId: r.device_id,
    state: r.state,
    mode: r.mode,
    confirm: r.confirm,
    windowS: r.window_s,
    source: r.source,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    createdAt: r.created_at,
    deadlineAt: r.deadline_at,
    awaitingKeep: r.awaiting_keep === 1,
    finishedAt: r.finished_at,
    operations: JSON.parse(r.operations_json) as ChangeRecord['operations'],
    script: r.script,
    results: JSON.parse(r.results_json) as OperationResult[],
    message: r.message,
  }
}

export class Progress {
  row: ChangeRow
  readonly #scope: TenantScope
  readonly #emit: (rec: ChangeRecord) => void

  constructor(scope: TenantScope, row: ChangeRow, emit: (rec: ChangeRecord) => void) {
    this.#scope = scope
    this.row = row
    this.#emit = emit
  }

  get record(): ChangeRecord {
    return toRecord(this.row)
  }

  async update(patch: Partial<Omit<ChangeRow, 'id' | 'tenant_id'>>): Promise<void> {
    this.row = { ...this.row, ...patch }
    await updateChange(this.#scope, this.row.id, patch)
    this.#emit(this.record)
  }

  state(
    state: ChangeState,
    extra: Partial<Omit<ChangeRow, 'id' | 'tenant_id'>> = {},
  ): Promise<void> {
    return this.update({ state, ...extra })
  }

  results(results: OperationResult[]): Promise<void> {
    return this.update({ results_json: JSON.stringify(results) })
  }

  finish(state: ChangeState, message: string | null, now: number): Promise<void> {
    return this.update({ state, message, finished_at: now, awaiting_keep: 0 })
  }
}
