// Command, template and guided jobs: one script per target (the same command for all, or the
// per-device rendering stored on the target). Read-only scripts run as they are; writes go through
// applyWrite (the change pipeline's seam).
import { applyWrite } from '../apply-write.ts'
import { runOnDevice } from '../device-session.ts'
import type { Executor, TargetContext, TargetResult } from './executor.ts'

function scriptOf(ctx: TargetContext): string {
  if (ctx.target.script !== null) return ctx.target.script
  const spec = JSON.parse(ctx.job.spec_json) as { command?: string }
  return spec.command ?? ''
}

function labelOf(ctx: TargetContext): string {
  const spec = JSON.parse(ctx.job.spec_json) as {
    templateName?: string
    templateVersion?: number
    task?: string
  }
  if (ctx.job.kind === 'template')
    return `template "${spec.templateName ?? ''}" v${spec.templateVersion ?? 0}`
  if (ctx.job.kind === 'guided') return `guided ${spec.task ?? ''}`
  return 'bulk command'
}

export const scriptExecutor: Executor = {
  async run(ctx): Promise<TargetResult> {
    const script = scriptOf(ctx)
    const r =
      ctx.job.is_write === 1
        ? await applyWrite(ctx, { script, mode: ctx.job.mode, label: labelOf(ctx) })
        : await runOnDevice(ctx, script)
    return r.ok
      ? { state: 'succeeded', output: r.output }
      : { state: 'failed', output: r.output, error: r.error }
  },
}
