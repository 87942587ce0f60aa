// The one path by which a job writes to a router. Every write job (bulk write commands, template
// runs, guided config, firmware installs) calls applyWrite for each target, so pointing this one
// function at the config-change pipeline (src/changes, issue 11) changes them all.
//
// Until that pipeline is merged it applies the script as one script operation over the device
// access SSH session (limits, pinned key), records an audit entry per target with the script's
// digest, and refuses safe mode rather than pretending: safe apply needs the pipeline's
// dead man's switch.
import { createHash } from 'node:crypto'
import { recordAudit } from '../audit/index.ts'
import { runOnDevice, type CommandOutcome } from './device-session.ts'
import type { TargetContext } from './executors/executor.ts'

export type WriteMode = 'standard' | 'safe'

export interface WriteRequest {
  /** RouterOS script text (one or more commands) */
  script: string
  mode: WriteMode
  /** what the audit entry calls the change, e.g. `template "NTP" v3` */
  label: string
}

export async function applyWrite(ctx: TargetContext, req: WriteRequest): Promise<CommandOutcome> {
  if (req.mode === 'safe') {
    const error = 'Safe apply is not available yet on this appliance (it comes with the change-set pipeline); run the job in standard mode.'
    await audit(ctx, req, 'failure', error)
    return { ok: false, output: '', error, code: 'safe_mode_unavailable' }
  }
  const r = await runOnDevice(ctx, req.script)
  await audit(ctx, req, r.ok ? 'success' : 'failure', r.ok ? undefined : r.error)
  return r
}

async function audit(ctx: TargetContext, req: WriteRequest, outcome: 'success' | 'failure', error?: string): Promise<void> {
  const job = ctx.job
  await recordAudit(ctx.deps.db, {
    tenantId: ctx.scope.tenantId,
    actor: { kind: job.created_by_kind as 'user' | 'api_key' | 'system', id: job.created_by_id, name: job.created_by_name },
    ip: null,
    action: 'job.target_applied',
    target: { type: 'device', id: ctx.deviceId, label: ctx.target.device_name },
    outcome,
    details: {
      jobId: job.id, kind: job.kind, change: req.label, mode: req.mode,
      scriptSha256: createHash('sha256').update(req.script).digest('hex'), lines: req.script.split('\n').length,
      ...(error !== undefined ? { error } : {}),
    },
  }, ctx.deps.clock.now())
}
