import type { EventBus } from '../poller/index.ts'

/**
 * Resolves once most devices (three quarters) have been polled at least once, or after
 * `timeoutMs`: the demo's ready line should lead to a dashboard that already shows a fleet.
 */
export function waitForFirstPolls(
  bus: EventBus,
  devices: number,
  timeoutMs: number,
): Promise<void> {
  const want = Math.ceil(devices * 0.75)
  const seen = new Set<string>()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      off()
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    const off = bus.on('device.polled', (e) => {
      seen.add(e.deviceId)
      if (seen.size >= want) done()
    })
  })
}
