// Rows → view models (one place, used by the service, the live feed and the CSV).
import type { TargetState } from '../db/schema-jobs.ts'
import type { JobRow, TargetRow } from './jobs.repo.ts'
import type { JobCounts, JobTargetView, JobView } from './jobs.types.ts'

export function toTargetView(t: TargetRow): JobTargetView {
  return {
    deviceId: t.device_id,
    deviceName: t.device_name,
    seq: t.seq,
    state: t.state,
    attempts: t.attempts,
    output: t.output,
    outputCapped: t.output_capped === 1,
    error: t.error,
    beforeVersion: t.before_version,
    afterVersion: t.after_version,
    startedAt: t.started_at,
    finishedAt: t.finished_at,
    durationMs:
      t.started_at !== null && t.finished_at !== null ? t.finished_at - t.started_at : null,
  }
}

export function toCounts(m: Map<TargetState, number> | undefined): JobCounts {
  const n = (s: TargetState) => m?.get(s) ?? 0
  const c = {
    queued: n('queued'),
    running: n('running'),
    succeeded: n('succeeded'),
    failed: n('failed'),
    skipped: n('skipped'),
    cancelled: n('cancelled'),
    interrupted: n('interrupted'),
  }
  return { total: Object.values(c).reduce((a, b) => a + b, 0), ...c }
}

export function toJobView(j: JobRow, counts: Map<TargetState, number> | undefined): JobView {
  return {
    id: j.id,
    kind: j.kind,
    title: j.title,
    state: j.state,
    isWrite: j.is_write === 1,
    mode: j.mode,
    concurrency: j.concurrency,
    canary: j.canary,
    canaryAuto: j.canary_auto === 1,
    stopOnFailure: j.stop_on_failure === 1,
    timeoutS: j.timeout_s,
    note: j.note,
    createdBy: j.created_by_name,
    createdAt: j.created_at,
    notBefore: j.not_before,
    startedAt: j.started_at,
    finishedAt: j.finished_at,
    counts: toCounts(counts),
  }
}
