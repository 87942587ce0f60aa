// One command over SSH for a job target, through device access (session limits, pinned host key,
// second address), with the job's timeout and the output read limit. Device failures come back as
// values in plain words; only bugs throw.
import { classifyError } from '../device-access/index.ts'
import { AppError } from '../lib/errors.ts'
import type { TargetContext } from './executors/executor.ts'
import { capOutput, OUTPUT_READ_BYTES } from './output.ts'

export type CommandOutcome =
  { ok: true; output: string } | { ok: false; output: string; error: string; code: string }

/** Lines the RouterOS console prints when a command failed (it exits 0 all the same). */
const CONSOLE_FAILURE =
  /^(failure:|syntax error|expected end of command|bad command name|no such (item|command)|invalid value|ambiguous value|not enough permissions|input does not match|ERROR:)/im

/** Runs `command` on the target's device; a console failure line makes it a failure too. */
export async function runOnDevice(
  ctx: TargetContext,
  command: string,
  timeoutMs = ctx.job.timeout_s * 1000,
): Promise<CommandOutcome> {
  try {
    const r = await ctx.deps.deviceAccess.sshExec(ctx.scope, ctx.deviceId, command, {
      timeoutMs,
      maxOutputBytes: OUTPUT_READ_BYTES,
    })
    const output = capOutput(r.stdout + (r.stderr !== '' ? `\n${r.stderr}` : '')).text
    const bad = CONSOLE_FAILURE.exec(r.stdout + '\n' + r.stderr)
    if (bad) {
      const line =
        (r.stdout + '\n' + r.stderr).split(/\r?\n/).find((l) => CONSOLE_FAILURE.test(l.trim())) ??
        bad[0]
      return {
        ok: false,
        output,
        error: `The router refused a command: ${line.trim()}`,
        code: 'command_failed',
      }
    }
    return { ok: true, output }
  } catch (err) {
    return { ok: false, output: '', ...describeFailure(err, timeoutMs) }
  }
}

/** Plain words for a failed session (timeouts, unreachable, deleted device, oversized output). */
export function describeFailure(err: unknown, timeoutMs: number): { error: string; code: string } {
  if (err instanceof AppError && err.code === 'device_not_found')
    return { error: 'The device was deleted while the job ran.', code: 'device_not_found' }
  const c = classifyError(err)
  const code = (err as { code?: unknown }).code
  if (code === 'command_timeout')
    return {
      error: `The command did not finish within ${Math.round(timeoutMs / 1000)} s (the per-target timeout) and was stopped.`,
      code: 'timeout',
    }
  if (code === 'reply_too_large')
    return {
      error: `The output passed ${OUTPUT_READ_BYTES / 1024 / 1024} MB and the command was stopped; nothing more was read.`,
      code: 'output_too_large',
    }
  if (c.status === 'internal_error') throw err
  return { error: c.reason, code: typeof code === 'string' ? code : 'error' }
}
