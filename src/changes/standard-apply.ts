// Standard mode: the operations are applied directly, in order, stopping at the first failure.
import { applyAll, fresh, words, type RunContext } from './run-context.ts'

export async function standardApply(r: RunContext): Promise<void> {
  const now = () => r.deps.clock.now()
  await r.progress.state('applying')
  try {
    const failure = await fresh(r, (s) => applyAll(r, s))
    if (!failure) return await r.progress.finish('kept', 'applied', now())
    const done =
      failure.index === 0
        ? 'nothing was applied'
        : `operations 1-${failure.index} were applied, the rest were not`
    await r.progress.finish(
      'failed',
      `operation ${failure.index + 1} failed: ${failure.message}; ${done}`,
      now(),
    )
  } catch (e) {
    await r.progress.finish(
      'failed',
      `the device could not be reached: ${words(e)}; nothing was applied`,
      now(),
    )
  }
}
