// The signed-in user's time zone (issue 15): stored on the user, read into every session.
import type { Deps } from '../deps.ts'
import { ValidationError } from '../lib/errors.ts'
import type { UserId } from '../lib/ids.ts'
import { isTimeZone } from '../lib/time-zone.ts'

/** Saves the zone; an unknown name is refused with a clear message and changes nothing. */
export async function setUserTimeZone(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: UserId,
  zone: string,
): Promise<void> {
  const name = zone.trim()
  if (!isTimeZone(name))
    throw new ValidationError(
      { timeZone: `"${name.slice(0, 64)}" is not a time zone name (like Europe/Riga or UTC).` },
      'Unknown time zone.',
    )
  await deps.db
    .updateTable('users')
    .set({ time_zone: name, updated_at: deps.clock.now() })
    .where('id', '=', userId)
    .execute()
}
