import { relativeTime } from '../devices/relative-time.ts'

export interface EventItem {
  id: string
  deviceId: string
  /** device name; omitted on a device's own page */
  name?: string
  at: number
  kind: string
  message: string
}

const TONE: Record<string, string> = {
  came_online: 'ok',
  went_offline: 'bad',
  auth_failed: 'bad',
  rebooted: 'warn',
  version_changed: 'info',
  identity_changed: 'info',
  host_key_changed: 'bad',
  config_changed: 'info',
}

/** Device events, newest first (dashboard: the tenant's; device page: the device's). */
export function EventList(props: { events: readonly EventItem[]; now: number; empty: string }) {
  if (props.events.length === 0) return <p class="muted">{props.empty}</p>
  return (
    <ul class="event-list">
      {props.events.map((e) => (
        <li class={`event event-${TONE[e.kind] ?? 'muted'}`}>
          <time datetime={new Date(e.at).toISOString()}>{relativeTime(e.at, props.now)}</time>
          <span>
            {e.name !== undefined && (
              <>
                <a href={`/devices/${e.deviceId}`}>{e.name}</a>:{' '}
              </>
            )}
            {e.message}
          </span>
        </li>
      ))}
    </ul>
  )
}
