import type {
  EventHistoryPage,
  EventHistoryQuery,
  EVENT_KINDS,
} from '../../src/dashboard/event-history.ts'
import { Pager } from '../components/pager.tsx'
import { RelativeTime } from '../components/relative-time.tsx'

const KIND_LABEL: Record<(typeof EVENT_KINDS)[number], string> = {
  came_online: 'Came online',
  went_offline: 'Went offline',
  auth_failed: 'Sign-in refused',
  rebooted: 'Rebooted',
  version_changed: 'Version changed',
  identity_changed: 'Identity changed',
  host_key_changed: 'SSH host key changed',
  config_change_lost: 'Config change lost',
  config_changed: 'Configuration changed',
}
const SINCE: [string, string][] = [
  ['', 'Any time'],
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
]

/** The page's URL with these filters (page 1 unless given): links keep what the user chose. */
export function eventsHref(q: EventHistoryQuery, page = 1): string {
  const p = new URLSearchParams()
  if (q.device !== '') p.set('device', q.device)
  if (q.kind) p.set('kind', q.kind)
  if (q.since) p.set('since', q.since)
  if (page > 1) p.set('page', String(page))
  const s = p.toString()
  return s === '' ? '/events' : `/events?${s}`
}

function Filters(props: { q: EventHistoryQuery }) {
  const q = props.q
  return (
    <form class="filters" method="get" action="/events" role="search">
      <label class="filter">
        <span class="visually-hidden">Device name</span>
        <input
          type="search"
          name="device"
          value={q.device}
          placeholder="Device name…"
          aria-label="Device name"
        />
      </label>
      <label class="filter">
        <span class="visually-hidden">Kind</span>
        <select name="kind" aria-label="Kind">
          <option value="">Any kind</option>
          {(Object.keys(KIND_LABEL) as (typeof EVENT_KINDS)[number][]).map((k) => (
            <option value={k} selected={q.kind === k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label class="filter">
        <span class="visually-hidden">Time</span>
        <select name="since" aria-label="Time">
          {SINCE.map(([v, label]) => (
            <option value={v} selected={(q.since ?? '') === v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button">
        Filter
      </button>
    </form>
  )
}

/** Every device event of the tenant, filtered and paged, newest first. */
export function EventsPage(props: { data: EventHistoryPage; now: number; timeZone?: string }) {
  const { data } = props
  const q = data.query
  const first = (data.page - 1) * 50 + 1
  return (
    <section>
      <div class="page-header">
        <h1>Events</h1>
      </div>
      <Filters q={q} />
      <p class="muted" id="event-count">
        {data.total === 0
          ? 'No events match these filters.'
          : `Showing ${first}–${first + data.rows.length - 1} of ${data.total} events`}
      </p>
      {data.rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table events-table">
            <caption class="visually-hidden">Events</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Device</th>
                <th scope="col">Kind</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((e) => (
                <tr data-kind={e.kind}>
                  <td>
                    <RelativeTime at={e.at} now={props.now} timeZone={props.timeZone} />
                  </td>
                  <td>
                    <a href={`/devices/${e.deviceId}`}>{e.name}</a>
                  </td>
                  <td>{KIND_LABEL[e.kind] ?? e.kind}</td>
                  <td class="wrap">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        prevHref={data.page > 1 ? eventsHref(q, data.page - 1) : undefined}
        nextHref={data.page < data.pageCount ? eventsHref(q, data.page + 1) : undefined}
        label={`Page ${data.page} of ${data.pageCount}`}
      />
    </section>
  )
}
