import type { FleetSummary } from '../../src/dashboard/fleet-summary.ts'
import { DeviceStatusBadge } from '../devices/device-status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'

/** Enabled devices that are not fully online, worst first, with the reason in plain words. */
export function AttentionList(props: { entries: FleetSummary['attention']; now: number }) {
  return (
    <section class="card" aria-labelledby="attention-title">
      <h2 id="attention-title">Needs attention</h2>
      {props.entries.length === 0 ? (
        <p class="muted">Every polled device is online.</p>
      ) : (
        <ul class="attention-list">
          {props.entries.map((a) => (
            <li>
              <div>
                <a href={`/devices/${a.deviceId}`}>{a.name}</a>{' '}
                <DeviceStatusBadge status={a.status} isEnabled={true} />
              </div>
              <div class="muted">
                {a.lastError ?? 'No error recorded'} · last seen{' '}
                {relativeTime(a.lastSeenAt, props.now)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
