// The run of a binary `.backup` restore: upload the stored file over SFTP and `/system backup
// load` it on the same SSH session (through device access: pinned host key, session limits);
// the device reboots onto that configuration. We wait until it went away and answers a new API
// login again, check it is a fresh boot, remove the uploaded file and say what it runs now. Not
// back within the grace time: the change is lost and a device event is raised.
import { RouterOsError } from '../routeros/index.ts'
import { insertLostEvent } from './changes.repo.ts'
import { clockText, fresh, words, type RunContext } from './run-context.ts'

export interface BinaryLoad {
  /** the file name on the device */
  name: string
  data: Buffer
  password: string | null
  /** for the messages, e.g. "the .backup of 2026-12-06 07:10 UTC" */
  label: string
}

/** RouterOS uptime (`1w2d03:04:05` or `3h4m5s`) in seconds; NaN when not understood. */
export function uptimeSeconds(text: string): number {
  const clock = /(?:(\d+)w)?(?:(\d+)d)?(\d+):(\d+):(\d+)$/.exec(text)
  if (clock)
    return (
      ((Number(clock[1] ?? 0) * 7 + Number(clock[2] ?? 0)) * 24 + Number(clock[3])) * 3600 +
      Number(clock[4]) * 60 +
      Number(clock[5])
    )
  const unit: Record<string, number> = { w: 604_800, d: 86_400, h: 3600, m: 60, s: 1 }
  const parts = [...text.matchAll(/(\d+)([wdhms])/g)]
  if (parts.length === 0) return Number.NaN
  return parts.reduce((sum, p) => sum + Number(p[1]) * (unit[p[2] ?? 's'] ?? 0), 0)
}

/** A failure of the session itself (the device went away mid-command), not a refusal. */
function dropped(e: unknown): boolean {
  return (
    e instanceof RouterOsError &&
    (e.code === 'ssh'
      ? /connection closed|ECONNRESET/.test(e.message)
      : ['closed', 'command_timeout', 'fatal'].includes(e.code))
  )
}

export async function runBinaryRestore(r: RunContext, load: BinaryLoad): Promise<void> {
  const hide = (s: string) => (load.password === null ? s : s.replaceAll(load.password, '********'))
  const cmd =
    `/system backup load name=${load.name} ${load.password !== null ? `password="${load.password}"` : ''}`.trim()
  await r.progress.state('applying')
  const startedAt = r.deps.clock.now()
  try {
    const out = await r.deps.deviceAccess.sshExec(r.scope, r.deviceId, cmd, {
      timeoutMs: r.timings.commandTimeoutMs,
      putFile: { path: load.name, data: load.data },
    })
    const said = `${out.stdout}${out.stderr}`.trim()
    if (/failure|error|invalid|bad command|expected/i.test(said)) {
      await removeUpload(r, load.name)
      return r.progress.finish(
        'failed',
        `The device refused to load ${load.label}: ${hide(said)}. Nothing was changed.`,
        r.deps.clock.now(),
      )
    }
  } catch (e) {
    if (!dropped(e)) {
      await removeUpload(r, load.name)
      return r.progress.finish(
        'failed',
        `${load.label} could not be loaded: ${hide(words(e))}. Nothing was changed.`,
        r.deps.clock.now(),
      )
    }
  }
  await r.progress.state('verifying')
  await waitForReboot(r, load, startedAt)
}

async function waitForReboot(r: RunContext, load: BinaryLoad, startedAt: number): Promise<void> {
  const until = startedAt + r.timings.graceMs
  let wentAway = false
  let last = 'the device did not answer'
  while (r.deps.clock.now() < until) {
    await r.timings.sleep(r.timings.retryMs)
    try {
      const seen = await fresh(r, async (s) => {
        const res = (await s.print('/system/resource'))[0] ?? {}
        const identity = (await s.print('/system/identity'))[0]?.name ?? ''
        return { uptime: uptimeSeconds(res.uptime ?? ''), version: res.version ?? '', identity }
      })
      // answering before it went away is the old boot unless its uptime began after the load
      const rebooted = wentAway || seen.uptime * 1000 < r.deps.clock.now() - startedAt
      if (rebooted) {
        await removeUpload(r, load.name)
        const at = r.deps.clock.now()
        return r.progress.finish(
          'kept',
          `The device rebooted onto ${load.label} and answers again at ${clockText(at)} (identity ${seen.identity}, RouterOS ${seen.version}).`,
          at,
        )
      }
      last = 'the device still answers on its old boot (it has not rebooted)'
    } catch (e) {
      wentAway = true
      last = `the device did not answer (${words(e)})`
    }
  }
  const at = r.deps.clock.now()
  const message = `After loading ${load.label} the device was not back within ${Math.round(r.timings.graceMs / 60_000)} minutes: ${last}.`
  await insertLostEvent(
    r.scope,
    r.deviceId,
    at,
    `A .backup restore did not come back in time: ${message}`,
  )
  await r.progress.finish('lost', message, at)
}

/** Best effort: the uploaded copy is not left on the router (the stored one stays in Outpost). */
async function removeUpload(r: RunContext, name: string): Promise<void> {
  try {
    await fresh(r, (s) => s.write(['/file/remove', `=numbers=${name}`]))
  } catch (e) {
    r.deps.log.warn(
      { deviceId: r.deviceId, err: words(e) },
      'uploaded .backup could not be removed',
    )
  }
}
