// Which windows cover a device: by scope (the tenant, the device's site, one of its tags, the
// device itself) and by time. Pure.
import type { WindowRow } from './maintenance.repo.ts'
import { openUntil } from './window-time.ts'

export interface Place {
  siteId: string | null
  tagIds: readonly string[]
}

export function coversDevice(
  w: Pick<WindowRow, 'scope_kind' | 'scope_id'>,
  deviceId: string,
  place: Place,
): boolean {
  switch (w.scope_kind) {
    case 'tenant':
      return true
    case 'site':
      return w.scope_id !== null && w.scope_id === place.siteId
    case 'tag':
      return w.scope_id !== null && place.tagIds.includes(w.scope_id)
    case 'device':
      return w.scope_id === deviceId
  }
}

/** The open window covering the device that stays open longest, if any. */
export function openWindowFor(
  windows: readonly WindowRow[],
  deviceId: string,
  place: Place,
  at: number,
  tz: string,
): { name: string; until: number } | undefined {
  let best: { name: string; until: number } | undefined
  for (const w of windows) {
    if (!coversDevice(w, deviceId, place)) continue
    const until = openUntil(w, at, tz)
    if (until !== undefined && (best === undefined || until > best.until))
      best = { name: w.name, until }
  }
  return best
}
