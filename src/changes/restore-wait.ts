// After a lockout (or an unconfirmed change) Outpost does nothing to the device: the revert job
// (or safe mode) restores it. We wait until the device answers on its old configuration, clean
// up the switch, and say exactly that; if it is not back within the window plus the grace time
// (5 minutes), the change counts as lost and a device event is raised.
import { insertLostEvent } from './changes.repo.ts'
import { removeSwitch } from './deadman.ts'
import { readTouched, sameTouched, type Touched } from './readback.ts'
import { clockText, fresh, words, type RunContext } from './run-context.ts'

export interface RestoreWait {
  before: Touched
  name: string
  /** when the device's revert job fires */
  deadline: number
  why: string
  ordered: (path: string) => boolean
}

export async function waitForRestore(r: RunContext, w: RestoreWait): Promise<void> {
  const until = w.deadline + r.timings.graceMs
  let last = 'the device did not answer'
  while (r.deps.clock.now() < until) {
    try {
      const back = await fresh(r, async (s) => {
        if (!sameTouched(w.before, await readTouched(s, r.ops), w.ordered)) return false
        await removeSwitch(s, w.name)
        return true
      })
      if (back) {
        const at = r.deps.clock.now()
        return r.progress.finish(
          'reverted',
          `${w.why}; the device restored itself at ${clockText(at)}, change not kept`,
          at,
        )
      }
      last = 'the device answers but still has the change (its revert job has not run yet)'
    } catch (e) {
      last = `the device did not answer (${words(e)})`
    }
    await r.timings.sleep(r.timings.retryMs)
  }
  const at = r.deps.clock.now()
  const message = `${w.why}; the device was not back on its old configuration within the window plus ${Math.round(r.timings.graceMs / 60_000)} minutes: ${last}`
  await insertLostEvent(
    r.scope,
    r.deviceId,
    at,
    `A safe config change was not restored in time: ${message}`,
  )
  await r.progress.finish('lost', message, at)
}
