import { MaintenanceBadge } from '../maintenance/maintenance-list-page.tsx'
import type { DevicePage, DeviceView, DeviceListQuery } from '../../src/devices/devices.types.ts'
import { EmptyState } from '../components/empty-state.tsx'
import { Pager } from '../components/pager.tsx'
import { deviceListHref } from './device-list-href.ts'
import { BulkMatchAll } from './device-bulk-form.tsx'
import { DeviceStatusBadge } from './device-status-badge.tsx'
import { relativeTime } from './relative-time.ts'

type SortKey = DeviceListQuery['sort']

const COLUMNS: { label: string; sort?: SortKey }[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Host', sort: 'host' },
  { label: 'Status', sort: 'status' },
  { label: 'Site', sort: 'site' },
  { label: 'Tags' },
  { label: 'Model' },
  { label: 'Version', sort: 'version' },
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

function DeviceRow(props: {
  device: DeviceView
  selectable: boolean
  now: number
  maintenance?: { name: string; until: number } | undefined
}) {
  const d = props.device
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
        {d.identity && d.identity !== d.name && <div class="muted">{d.identity}</div>}
        {props.maintenance && (
          <div>
            <MaintenanceBadge window={props.maintenance} />
          </div>
        )}
      </td>
      <td>{d.host}</td>
      <td data-status={d.status}>
        <DeviceStatusBadge status={d.status} isEnabled={d.isEnabled} />
        {d.lastError && d.status !== 'online' && <div class="muted cell-note">{d.lastError}</div>}
      </td>
      <td>{d.site?.name ?? ''}</td>
      <td>{d.tags.map((t) => t.name).join(', ')}</td>
      <td>{d.board ?? ''}</td>
      <td>{d.version ?? ''}</td>
      <td>{relativeTime(d.lastSeenAt, props.now)}</td>
    </tr>
  )
}

interface DeviceRowsProps {
  page: DevicePage
  /** Operators and admins get checkboxes for bulk actions. */
  selectable: boolean
  now: number
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
  return (
    <div
      id="device-results"
      data-live="fleet"
      hx-get={deviceListHref(q)}
      hx-trigger="outpost:refresh throttle:1s"
      hx-swap="outerHTML"
    >
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
          <table class="data-table">
            <caption class="visually-hidden">Devices</caption>
            <thead>
              <tr>
                {props.selectable && (
                  <th scope="col">
                    <input type="checkbox" data-select-page aria-label="Select all on this page" />
                  </th>
                )}
                {COLUMNS.map((c) => (
                  <th scope="col">
                    {c.sort ? <SortLink query={q} label={c.label} sort={c.sort} /> : c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody id="device-rows">
              {page.rows.map((d) => (
                <DeviceRow
                  device={d}
                  selectable={props.selectable}
                  now={props.now}
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
