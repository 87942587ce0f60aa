import { EventList, type EventItem } from '../../dashboard/event-list.tsx'
import { LiveRegion } from './live-region.tsx'

/** Events tab: came online, went offline, rebooted, version and identity changes. */
export function EventsTab(props: { deviceId: string; events: readonly EventItem[]; now: number }) {
  return (
    <LiveRegion id="device-tab" deviceId={props.deviceId} url={`/devices/${props.deviceId}/events`}>
      <section class="card">
        <h2>Events</h2>
        <EventList
          events={props.events}
          now={props.now}
          empty="No events recorded for this device yet."
        />
      </section>
    </LiveRegion>
  )
}
