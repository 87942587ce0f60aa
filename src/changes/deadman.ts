// The dead man's switch of safe apply, on the device itself so it survives lost sessions,
// lockouts and an appliance crash: a binary backup of the config before the change and a
// scheduler job that loads it (the device reboots into the old config) unless Outpost removes
// the job first. On 7.18+ the apply session also takes /safe-mode, so a cut session rolls the
// change back at once; the scheduler job stays the net underneath (safe mode has an action cap
// and gives up without undo past it). Armed before the first operation; re-timed after the last,
// so the countdown covers the verification window only.
import type { RouterOsSession } from '../routeros/index.ts'
import { findIds } from './apply-ops.ts'
import { deviceTimeIn } from './device-clock.ts'

export interface Switch {
  /** scheduler job and backup file name (`<name>.backup`) */
  name: string
  safeMode: boolean
}

export function switchName(changeId: string): string {
  return `outpost-revert-${changeId.slice(-10).toLowerCase()}`
}

/** RouterOS 7.18+ offers /safe-mode over the API. */
export function hasSafeMode(version: string): boolean {
  const [maj = 0, min = 0] = version.split(/[.\s]/).map((x) => Number.parseInt(x, 10))
  return maj > 7 || (maj === 7 && min >= 18)
}

async function waitForFile(
  s: RouterOsSession,
  file: string,
  budgetMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  // slow boards write the backup in the background (`.in_progress` first)
  for (let waited = 0; waited <= budgetMs; waited += 250) {
    if ((await findIds(s, '/file', { name: file })).length > 0) return
    await sleep(250)
  }
  throw new Error(`the device did not write ${file}`)
}

/** Saves the backup, adds the revert job (firing `firstS` from now), then takes safe mode where offered. */
export async function armSwitch(
  s: RouterOsSession,
  changeId: string,
  version: string,
  firstS: number,
  sleep: (ms: number) => Promise<void>,
): Promise<Switch> {
  const name = switchName(changeId)
  await s.write(['/system/backup/save', `=name=${name}`, '=dont-encrypt=yes'])
  await waitForFile(s, `${name}.backup`, 30_000, sleep)
  const at = await deviceTimeIn(s, firstS)
  await s.write([
    '/system/scheduler/add',
    `=name=${name}`,
    `=start-date=${at.date}`,
    `=start-time=${at.time}`,
    '=interval=0s',
    `=on-event=/system backup load name=${name}.backup password=""`,
    '=comment=Outpost safe apply: restores the config unless the change is confirmed',
  ])
  const safeMode = hasSafeMode(version)
  if (safeMode) await s.write(['/safe-mode/take'])
  return { name, safeMode }
}

/** Starts the countdown now: the job fires `windowS` from the device's current time. */
export async function startCountdown(
  s: RouterOsSession,
  sw: Switch,
  windowS: number,
): Promise<void> {
  const ids = await findIds(s, '/system/scheduler', { name: sw.name })
  if (ids.length === 0) throw new Error('the revert job is missing on the device')
  const at = await deviceTimeIn(s, windowS)
  await s.write([
    '/system/scheduler/set',
    `=.id=${ids.join(',')}`,
    `=start-date=${at.date}`,
    `=start-time=${at.time}`,
  ])
}

/** Removes the revert job and the backup file (any session); idempotent. */
export async function removeSwitch(s: RouterOsSession, name: string): Promise<void> {
  const jobs = await findIds(s, '/system/scheduler', { name })
  if (jobs.length > 0) await s.write(['/system/scheduler/remove', `=.id=${jobs.join(',')}`])
  const files = await findIds(s, '/file', { name: `${name}.backup` })
  if (files.length > 0) await s.write(['/file/remove', `=.id=${files.join(',')}`])
}
