/** Slack for uptime's one-second resolution and the time a poll takes. */
const TOLERANCE_S = 5

export interface UptimeReading {
  /** Wall-clock time of the reading, epoch ms. */
  at: number
  /** Device uptime in seconds. */
  uptimeS: number
}

/**
 * True when the device restarted between two readings. Uptime must grow at least as fast as the
 * wall clock (minus a small slack); if it grew less, the device started counting again in between,
 * even when the new uptime is larger than the old one (a reboot followed by a long interval).
 */
export function detectReboot(prev: UptimeReading, cur: UptimeReading): boolean {
  const elapsedS = Math.max(0, (cur.at - prev.at) / 1000)
  return cur.uptimeS + TOLERANCE_S < prev.uptimeS + elapsedS
}
