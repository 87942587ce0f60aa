// How old a shown value is (issue 15): nothing when it comes from the device's last successful
// poll; "as of 5 min ago" when it is older; "last known, at …" for every value of a device that
// is not answering now. The exact time is in the user's time zone.
import type { DeviceView } from '../../../src/devices/devices.types.ts'
import { formatExact } from '../../components/time-format.ts'
import { relativeTime } from '../relative-time.ts'

export type FreshnessDevice = Pick<
  DeviceView,
  'status' | 'isEnabled' | 'lastSeenAt' | 'pollIntervalS'
>

/** True when the device answered its last poll (its values are current). */
export function isAnswering(d: FreshnessDevice): boolean {
  return d.isEnabled && (d.status === 'online' || d.status === 'degraded')
}

/** A value read this long before the last successful poll is not from that poll. */
function slackMs(d: FreshnessDevice): number {
  return Math.max(5_000, (d.pollIntervalS * 1000) / 2)
}

/** The note for a value read at `at` (epoch ms), or undefined when it is current. */
export function freshnessNote(
  at: number | undefined,
  d: FreshnessDevice,
  now: number,
  timeZone?: string,
): string | undefined {
  const when = at ?? d.lastSeenAt ?? undefined
  if (when === undefined) return undefined
  if (!isAnswering(d)) return `last known, at ${formatExact(when, timeZone)}`
  if (at === undefined || d.lastSeenAt === null) return undefined
  if (d.lastSeenAt - at <= slackMs(d)) return undefined
  return `as of ${relativeTime(at, now)}`
}

/** The note as a small muted span after a value (nothing when the value is current). */
export function Freshness(props: {
  at: number | undefined
  device: FreshnessDevice
  now: number
  timeZone?: string | undefined
}) {
  const note = freshnessNote(props.at, props.device, props.now, props.timeZone)
  if (note === undefined) return null
  const title = props.at === undefined ? undefined : formatExact(props.at, props.timeZone)
  return (
    <span class="muted freshness" data-freshness title={title}>
      {' '}
      ({note})
    </span>
  )
}
