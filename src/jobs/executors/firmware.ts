// Firmware jobs (their output is the progress lines): per device, upgrade RouterOS to the channel's latest version, then RouterBOOT.
// A failed download, a device that does not come back within T, or one that comes back on the
// wrong version fails the target, which halts a staged rollout (stop on failure is always on).
import { read, rebootAndWait, StepFailure, write, type FirmwareSpec } from '../firmware-steps.ts'
import type { Executor, TargetContext, TargetResult } from './executor.ts'

const PKG = '/system package update'

async function upgradeRouterOs(
  ctx: TargetContext,
  spec: FirmwareSpec,
): Promise<{ before: string; after: string }> {
  const say = (line: string) => ctx.progress(line)
  if (spec.channel !== undefined)
    await write(ctx, `${PKG} set channel=${spec.channel}`, `set channel ${spec.channel}`)
  await read(ctx, `${PKG} check-for-updates once`)
  const pkg = await read(ctx, `${PKG} print`)
  const before = pkg['installed-version'] ?? pkg['current-version'] ?? ''
  const latest = pkg['latest-version'] ?? ''
  if (latest === '')
    throw new StepFailure(
      `The check for updates failed: ${pkg.status ?? 'no latest version reported'}.`,
    )
  if (latest === before) {
    await say(`RouterOS ${before} is the latest on ${pkg.channel ?? 'its channel'}`)
    return { before, after: before }
  }
  await say(`RouterOS ${before} -> ${latest}: downloading`)
  try {
    await write(ctx, `${PKG} download`, `download RouterOS ${latest}`)
  } catch (e) {
    throw new StepFailure(`The download of RouterOS ${latest} failed: ${(e as Error).message}`)
  }
  const got = await read(ctx, `${PKG} print`)
  if (!/downloaded/i.test(got.status ?? ''))
    throw new StepFailure(
      `The download of RouterOS ${latest} failed: ${got.status ?? 'no status'}.`,
    )
  await say('downloaded; rebooting to install')
  await rebootAndWait(ctx, spec.rebootTimeoutS, `install RouterOS ${latest}`)
  const now = await read(ctx, `${PKG} print`)
  const after = now['installed-version'] ?? now['current-version'] ?? ''
  if (after !== latest)
    throw new StepFailure(
      `The device came back on RouterOS ${after}, not ${latest}: the install did not take.`,
    )
  await say(`running RouterOS ${after}`)
  return { before, after }
}

async function upgradeRouterboot(ctx: TargetContext, spec: FirmwareSpec): Promise<void> {
  const rb = await read(ctx, '/system routerboard print')
  if (rb.routerboard !== 'yes' && rb.routerboard !== 'true') {
    await ctx.progress('not a RouterBOARD: no firmware to upgrade')
    return
  }
  if (rb['current-firmware'] === rb['upgrade-firmware']) {
    await ctx.progress(`RouterBOOT ${rb['current-firmware'] ?? ''} is current`)
    return
  }
  const target = rb['upgrade-firmware'] ?? ''
  await ctx.progress(`RouterBOOT ${rb['current-firmware'] ?? ''} -> ${target}`)
  await write(ctx, '/system routerboard upgrade', `RouterBOOT upgrade to ${target}`)
  await rebootAndWait(ctx, spec.rebootTimeoutS, `RouterBOOT ${target}`)
  const after = await read(ctx, '/system routerboard print')
  if (after['current-firmware'] !== target)
    throw new StepFailure(
      `RouterBOOT is ${after['current-firmware'] ?? 'unknown'} after the reboot, not ${target}.`,
    )
  await ctx.progress(`RouterBOOT ${target}`)
}

export const firmwareExecutor: Executor = {
  async run(ctx): Promise<TargetResult> {
    const spec = JSON.parse(ctx.job.spec_json) as FirmwareSpec
    let before: string | null = null
    let after: string | null = null
    try {
      const v = await upgradeRouterOs(ctx, spec)
      before = v.before
      after = v.after
      if (spec.routerboard) await upgradeRouterboot(ctx, spec)
      return { state: 'succeeded', output: '', beforeVersion: before, afterVersion: after }
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e
      return {
        state: 'failed',
        output: '',
        error: e.message,
        beforeVersion: before,
        afterVersion: after,
      }
    }
  },
}
