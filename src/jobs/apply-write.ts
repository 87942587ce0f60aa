// The one path by which a job writes to a router: every write job (bulk write commands, template
// runs, guided config, firmware downloads and RouterBOOT upgrades) becomes a change set of the
// config-change pipeline (src/changes, issue 11) with one `script` operation, applied in the job's
// mode (standard, or safe with the pipeline's dead man's switch), validated and audited there.
// The job waits for the change's final state; its id and outcome are the target's output.
import { startChange, type ChangeRecord } from '../changes/index.ts'
import { AppError } from '../lib/errors.ts'
import type { CommandOutcome } from './device-session.ts'
import type { TargetContext } from './executors/executor.ts'

export type WriteMode = 'standard' | 'safe'

export interface WriteRequest {
  /** RouterOS script text (one or more commands) */
  script: string
  mode: WriteMode
  /** what the output calls the change, e.g. `template "NTP" v3` */
  label: string
}

function describe(rec: ChangeRecord, label: string): string {
  const lines = [
    `change ${rec.id} (${label}, ${rec.mode} apply): ${rec.state}${rec.message ? ` - ${rec.message}` : ''}`,
  ]
  if (rec.script !== '') lines.push(rec.script.trimEnd())
  return lines.join('\n')
}

export async function applyWrite(ctx: TargetContext, req: WriteRequest): Promise<CommandOutcome> {
  const lines = req.script
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
  if (lines.length === 0)
    return {
      ok: false,
      output: '',
      error: 'The script is empty: nothing to apply.',
      code: 'empty_script',
    }
  const job = ctx.job
  const actor = {
    kind: job.created_by_kind as 'user' | 'api_key' | 'system',
    id: job.created_by_id,
    name: job.created_by_name,
    ip: null,
  }
  let done: Promise<ChangeRecord>
  try {
    ;({ done } = await startChange(
      { deps: ctx.deps, scope: ctx.scope },
      ctx.deviceId,
      { operations: [{ op: 'script', lines }], mode: req.mode, confirm: 'auto' },
      actor,
      { source: `job:${job.id}` },
    ))
  } catch (e) {
    // another change holds the device, or the device was deleted: the target fails with the reason
    if (e instanceof AppError)
      return {
        ok: false,
        output: '',
        error:
          e.code === 'device_not_found' ? 'The device was deleted while the job ran.' : e.message,
        code: e.code,
      }
    throw e
  }
  const rec = await done
  const output = describe(rec, req.label)
  if (rec.state === 'kept') return { ok: true, output }
  const why =
    rec.state === 'reverted'
      ? 'The change was rolled back (safe apply)'
      : rec.state === 'lost'
        ? 'The device did not come back after the change'
        : 'The change failed'
  return {
    ok: false,
    output,
    error: `${why}: ${rec.message ?? rec.state}`,
    code: `change_${rec.state}`,
  }
}
