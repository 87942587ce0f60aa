// One change from validation to its final state. Validation runs on a fresh session and stops
// everything on the first problem; the loop boundary turns a bug into a failed change (logged),
// never an unfinished one.
import { safeApply } from './safe-apply.ts'
import { standardApply } from './standard-apply.ts'
import { fresh, words, type RunContext } from './run-context.ts'
import { validateOnDevice } from './validate.ts'
import { runOnEdge } from './edge-forward.ts'

export async function executeChange(r: RunContext): Promise<void> {
  const now = () => r.deps.clock.now()
  try {
    // a device behind an edge appliance: the edge applies it (issue 20)
    if (await runOnEdge(r)) return
    let problems
    try {
      problems = await fresh(r, (s) => validateOnDevice(s, r.ops))
    } catch (e) {
      return await r.progress.finish(
        'failed',
        `the device could not be reached to validate the change: ${words(e)}; nothing was applied`,
        now(),
      )
    }
    if (problems.length > 0) {
      return await r.progress.finish(
        'failed',
        `not applied: ${problems.map((p) => `operation ${p.index + 1}: ${p.message}`).join('; ')}`,
        now(),
      )
    }
    await (r.progress.row.mode === 'safe' ? safeApply(r) : standardApply(r))
  } catch (err) {
    r.deps.log.error(
      { err, changeId: r.progress.row.id, deviceId: r.deviceId },
      'config change failed unexpectedly',
    )
    await r.progress
      .finish('failed', 'an internal error stopped the change; see the appliance log', now())
      .catch(() => undefined)
  }
}
