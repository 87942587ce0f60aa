// Safe mode: arm the dead man's switch on the device, apply, and only then start the countdown;
// verify from a fresh connection; disarm when verified (and kept). If Outpost cannot verify,
// it leaves the switch alone: the device restores itself, and Outpost waits for it and checks
// that the old configuration is back (restore-wait.ts).
import type { RouterOsSession } from '../routeros/index.ts'
import { isOrdered } from './catalogue.ts'
import { armSwitch, removeSwitch, startCountdown, switchName, type Switch } from './deadman.ts'
import { readTouched, verifyChange, type Touched } from './readback.ts'
import { waitForRestore } from './restore-wait.ts'
import { applyAll, fresh, sessionLost, words, type RunContext } from './run-context.ts'

type Outcome =
  | { kind: 'kept' }
  | { kind: 'failed'; message: string }
  | { kind: 'revert'; why: string; deadline: number }

/** Tries new sessions until the change reads back or the deadline passes. */
async function verifyFresh(
  r: RunContext,
  deadline: number,
): Promise<{ ok: true } | { ok: false; why: string }> {
  let why = 'no attempt'
  while (r.deps.clock.now() < deadline) {
    try {
      const problems = await fresh(r, (s) => verifyChange(s, r.ops))
      if (problems.length === 0) return { ok: true }
      return { ok: false, why: `the change did not read back: ${problems.join('; ')}` }
    } catch (e) {
      why = `a new connection failed: ${words(e)}`
    }
    await r.timings.sleep(r.timings.retryMs)
  }
  return { ok: false, why }
}

async function onApplySession(
  r: RunContext,
  s: RouterOsSession,
  release: () => void,
  state: { before?: Touched; sw?: Switch; armedAt?: number },
): Promise<Outcome> {
  const windowS = r.progress.row.window_s
  const version = (await s.print('/system/resource'))[0]?.version ?? ''
  state.before = await readTouched(s, r.ops)
  state.armedAt = r.deps.clock.now()
  const sw = (state.sw = await armSwitch(
    s,
    r.progress.row.id,
    version,
    windowS + r.timings.applyBudgetS,
    r.timings.sleep,
  ))
  await r.progress.state('applying')
  const failure = await applyAll(r, s)
  if (failure?.lost)
    return {
      kind: 'revert',
      why: `operation ${failure.index + 1} cut the connection`,
      deadline: state.armedAt + (windowS + r.timings.applyBudgetS) * 1000,
    }
  if (failure) {
    const what = `operation ${failure.index + 1} failed: ${failure.message}`
    if (sw.safeMode) {
      await s.write(['/safe-mode/unroll'])
      await removeSwitch(s, sw.name)
      return {
        kind: 'failed',
        message: `${what}; safe mode undid the earlier operations, nothing was kept`,
      }
    }
    // no safe mode: restore the saved config now rather than leave half a change for the window
    await s
      .write(['/system/backup/load', `=name=${sw.name}.backup`, '=password='])
      .catch(() => undefined)
    return { kind: 'revert', why: what, deadline: r.deps.clock.now() }
  }
  await startCountdown(s, sw, windowS)
  const deadline = r.deps.clock.now() + windowS * 1000
  release() // the session stays open but idle: it must not starve verification of a slot
  await r.progress.state('verifying', { deadline_at: deadline })
  const verified = await verifyFresh(r, deadline)
  if (!verified.ok) return { kind: 'revert', why: verified.why, deadline }
  if (r.progress.row.confirm === 'manual') {
    await r.progress.update({ awaiting_keep: 1 })
    if (!(await r.keep.wait(deadline)))
      return { kind: 'revert', why: 'nobody confirmed the change in time', deadline }
  }
  return disarm(r, s, sw, deadline)
}

/**
 * Releases safe mode and removes the switch on the apply session; if that session is gone (the
 * device rebooted during verification), a fresh session disarms only after reading the change
 * back again, since a lost safe-mode session may already have rolled it back.
 */
async function disarm(
  r: RunContext,
  s: RouterOsSession,
  sw: Switch,
  deadline: number,
): Promise<Outcome> {
  try {
    if (sw.safeMode) await s.write(['/safe-mode/release'])
    await removeSwitch(s, sw.name)
    return { kind: 'kept' }
  } catch (e) {
    if (!sessionLost(e)) throw e
  }
  const kept = await fresh(r, async (f) => {
    if ((await verifyChange(f, r.ops)).length > 0) return false
    await removeSwitch(f, sw.name)
    return true
  }).catch(() => false)
  return kept
    ? { kind: 'kept' }
    : {
        kind: 'revert',
        why: 'the apply session was lost before the change could be kept',
        deadline,
      }
}

export async function safeApply(r: RunContext): Promise<void> {
  const now = () => r.deps.clock.now()
  const state: { before?: Touched; sw?: Switch; armedAt?: number } = {}
  let outcome: Outcome
  try {
    // the apply session stays open until the end: on 7.18+ it owns safe mode, and closing it
    // without release (when verification failed) is what makes the device roll back at once
    outcome = await fresh(r, (s, release) => onApplySession(r, s, release, state))
  } catch (e) {
    if (!state.sw || !state.before || state.armedAt === undefined) {
      await r.progress.finish(
        'failed',
        `could not arm the safe-apply switch: ${words(e)}; nothing was applied`,
        now(),
      )
      return
    }
    const deadline =
      r.progress.row.deadline_at ??
      state.armedAt + (r.progress.row.window_s + r.timings.applyBudgetS) * 1000
    outcome = { kind: 'revert', why: `the connection dropped (${words(e)})`, deadline }
  }
  if (outcome.kind === 'kept')
    return r.progress.finish(
      'kept',
      'verified from a new connection; the revert switch was removed',
      now(),
    )
  if (outcome.kind === 'failed') return r.progress.finish('failed', outcome.message, now())
  await r.progress.update({ awaiting_keep: 0 })
  await waitForRestore(r, {
    before: state.before ?? {},
    name: state.sw?.name ?? switchName(r.progress.row.id),
    deadline: outcome.deadline,
    why: outcome.why,
    ordered: isOrdered,
  })
}
