/**
 * A stable offset inside the interval derived from the device key (FNV-1a). Devices added at the
 * same moment (a CSV import, a restart) still land on different seconds of the minute, so polls
 * spread evenly over the interval instead of bunching, and stay spread after every restart.
 */
export function phase(key: string, intervalMs: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % Math.max(1, Math.floor(intervalMs))
}

/** The first time strictly after `after` that falls on the key's phase of the interval. */
export function nextSlot(key: string, intervalMs: number, after: number): number {
  const p = phase(key, intervalMs)
  const offset = (((p - after) % intervalMs) + intervalMs) % intervalMs
  return after + (offset === 0 ? intervalMs : offset)
}
