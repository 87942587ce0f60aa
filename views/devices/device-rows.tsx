import { MaintenanceBadge } from '../maintenance/maintenance-list-page.tsx'
import type { DevicePage, DeviceView, DeviceListQuery } from '../../src/devices/devices.types.ts'
import type { DeviceCellsView } from '../../src/devices/device-cells.ts'
import { EmptyState } from '../components/empty-state.tsx'
import { Pager } from '../components/pager.tsx'
import { deviceListHref } from './device-list-href.ts'
import { BulkMatchAll } from './device-bulk-form.tsx'
import { DeviceStatusBadge } from './device-status-badge.tsx'
import { RelativeTime } from '../components/relative-time.tsx'

type SortKey = DeviceListQuery['sort']

// Columns with a class give way on narrower screens (app.css: model and version first, then
// site, tags and host; long sites and tags are cut): Name, Status and Last seen always stay.
const COLUMNS: { label: string; sort?: SortKey; cls?: string }[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Host', sort: 'host', cls: 'col-host' },
  { label: 'Status', sort: 'status' },
  { label: 'Site', sort: 'site', cls: 'col-site' },
  { label: 'Tags', cls: 'col-tags' },
  { label: 'Model', cls: 'col-model' },
  { label: 'Version', sort: 'version', cls: 'col-version' },
  { label: 'Last seen', sort: 'last_seen' },
]

function SortLink(props: { query: DeviceListQuery; label: string; sort: SortKey }) {
  const active = props.query.sort === props.sort
  const dir = active && props.query.dir === 'asc' ? 'desc' : 'asc'
  const href = deviceListHref(props.query, { sort: props.sort, dir, page: 1 })
  const arrow = active ? (props.query.dir === 'asc' ? ' ▲' : ' ▼') : ''
  return (
    <a
      href={href}
      hx-get={href}
      hx-target="#device-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      aria-sort={active ? (props.query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      {props.label}
      {arrow}
    </a>
  )
}

/**
 * The cells a poll changes, each marked data-cell: live.js replaces exactly these (never the row,
 * its checkbox or its link) with the ones GET /devices/cells renders for the same device.
 */
export const liveCells = {
  status: (d: DeviceCellsView) => (
    <td data-cell="status" data-status={d.status}>
      <DeviceStatusBadge status={d.status} isEnabled={d.isEnabled} />
      {d.lastError && d.status !== 'online' && <div class="muted cell-note">{d.lastError}</div>}
    </td>
  ),
  board: (d: DeviceCellsView) => (
    <td data-cell="board" class="col-model">
      {d.board ?? ''}
    </td>
  ),
  version: (d: DeviceCellsView) => (
    <td data-cell="version" class="col-version">
      {d.version ?? ''}
    </td>
  ),
  seen: (d: DeviceCellsView, now: number, timeZone: string | undefined) => (
    <td data-cell="seen">
      <RelativeTime at={d.lastSeenAt} now={now} timeZone={timeZone} />
    </td>
  ),
}

/** The host as the poller reaches it: "10.0.0.1:8728" (IPv6 in brackets). */
export function hostWithPort(d: Pick<DeviceView, 'host' | 'apiPort'>): string {
  return d.host.includes(':') ? `[${d.host}]:${d.apiPort}` : `${d.host}:${d.apiPort}`
}

function DeviceRow(props: {
  device: DeviceView
  selectable: boolean
  now: number
  timeZone: string | undefined
  maintenance?: { name: string; until: number } | undefined
}) {
  const d = props.device
  const tags = d.tags.map((t) => t.name).join(', ')
  return (
    <tr id={`device-${d.id}`} data-device-id={d.id}>
      {props.selectable && (
        <td>
          <input
            type="checkbox"
            name="device_ids"
            value={d.id}
            aria-label={`Select ${d.name}`}
            form="bulk-form"
          />
        </td>
      )}
      <td>
        <a href={`/devices/${d.id}`}>{d.name}</a>
        {d.viaEdge != null && (
          <span
            class="badge badge-muted"
            title="Polled by an edge appliance; changes are applied there"
          >
            via edge {d.viaEdge}
          </span>
        )}
        {d.identity && d.identity !== d.name && <div class="muted">{d.identity}</div>}
        {props.maintenance && (
          <div>
            <MaintenanceBadge window={props.maintenance} />
          </div>
        )}
      </td>
      <td class="col-host">{hostWithPort(d)}</td>
      {liveCells.status(d)}
      <td class="col-site" title={d.site?.name}>
        {d.site?.name ?? ''}
      </td>
      <td class="col-tags" title={tags || undefined}>
        {tags}
      </td>
      {liveCells.board(d)}
      {liveCells.version(d)}
      {liveCells.seen(d, props.now, props.timeZone)}
    </tr>
  )
}

/** The rows GET /devices/cells answers: live cells only, for live.js to put in place. */
export function DeviceCells(props: {
  rows: DeviceCellsView[]
  now: number
  timeZone: string | undefined
}) {
  return (
    <table>
      <tbody>
        {props.rows.map((d) => (
          <tr data-device-id={d.id}>
            {liveCells.status(d)}
            {liveCells.board(d)}
            {liveCells.version(d)}
            {liveCells.seen(d, props.now, props.timeZone)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

interface DeviceRowsProps {
  page: DevicePage
  /** Operators and admins get checkboxes for bulk actions. */
  selectable: boolean
  now: number
  /** the user's time zone for exact times on hover */
  timeZone?: string | undefined
  /** True when the tenant has no devices at all (not just none matching the filters). */
  fleetEmpty: boolean
  /** devices inside a maintenance window now */
  maintenance?: ReadonlyMap<string, { name: string; until: number }> | undefined
}

/** The table, its count and pager: the page renders it and htmx swaps it on search/sort/page. */
export function DeviceRows(props: DeviceRowsProps) {
  const { page } = props
  const q = page.query
  const first = (q.page - 1) * q.per_page + 1
  const last = Math.min(page.total, q.page * q.per_page)
  if (props.fleetEmpty) {
    return (
      <div
        id="device-results"
        data-live="fleet"
        hx-get="/devices"
        hx-trigger="outpost:refresh throttle:1s"
        hx-swap="outerHTML"
      >
        <EmptyState
          title="No devices yet"
          action={props.selectable ? { href: '/devices/new', label: 'Add a device' } : undefined}
        >
          <p>Add your first router, or import a CSV file with many at once.</p>
        </EmptyState>
      </div>
    )
  }
  // Live updates change cells in place (data-live-cells, live.js), never this whole block: a
  // swap under the pointer lost clicks and ticks (issue 15).
  return (
    <div id="device-results">
      <p class="muted" id="device-count">
        {page.total === 0
          ? 'No devices match these filters.'
          : `Showing ${first}–${last} of ${page.total} devices`}
      </p>
      {props.selectable && page.total > page.rows.length && (
        <BulkMatchAll total={page.total} href={deviceListHref(q, { page: 1 })} />
      )}
      {page.total > 0 && (
        <div class="table-wrap">
          <table class="data-table device-table">
            <caption class="visually-hidden">Devices</caption>
            <thead>
              <tr>
                {props.selectable && (
                  <th scope="col">
                    <input type="checkbox" data-select-page aria-label="Select all on this page" />
                  </th>
                )}
                {COLUMNS.map((c) => (
                  <th scope="col" class={c.cls}>
                    {c.sort ? <SortLink query={q} label={c.label} sort={c.sort} /> : c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody id="device-rows" data-live-cells="/devices/cells">
              {page.rows.map((d) => (
                <DeviceRow
                  device={d}
                  selectable={props.selectable}
                  now={props.now}
                  timeZone={props.timeZone}
                  maintenance={props.maintenance?.get(d.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        prevHref={q.page > 1 ? deviceListHref(q, { page: q.page - 1 }) : undefined}
        nextHref={q.page < page.pageCount ? deviceListHref(q, { page: q.page + 1 }) : undefined}
        label={page.pageCount > 1 ? `Page ${q.page} of ${page.pageCount}` : undefined}
      />
    </div>
  )
}
