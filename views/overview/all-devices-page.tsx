import type { Membership } from '../../src/auth/auth.types.ts'
import type { DeviceSearchPage } from '../../src/overview/overview.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { Pager } from '../components/pager.tsx'
import { DeviceStatusBadge } from '../devices/device-status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'
import {
  FilterSelect,
  OverviewTabs,
  ROLE_LABEL,
  exactTime,
  overviewHref,
} from './overview-tabs.tsx'

const STATUSES = [
  ['', 'Any status'],
  ['attention', 'Needs attention'],
  ['online', 'Online'],
  ['degraded', 'Degraded'],
  ['offline', 'Offline'],
  ['auth_failed', 'Auth failed'],
  ['unknown', 'Not polled yet'],
  ['disabled', 'Disabled'],
] as const

const href = (p: DeviceSearchPage, page: number) =>
  overviewHref('/all/devices', { ...p.query, per_page: null, page: page === 1 ? null : page })

/** The table of every tenant's devices (page and htmx fragment). */
export function AllDeviceRows(props: { page: DeviceSearchPage; now: number }) {
  const p = props.page
  const q = p.query
  const first = (q.page - 1) * q.per_page + 1
  const last = Math.min(p.total, q.page * q.per_page)
  return (
    <div id="all-device-results">
      <p class="muted" id="all-device-count">
        {p.total === 0 ? 'No devices match.' : `${first}–${last} of ${p.total} devices`}
      </p>
      <DataTable
        caption="Devices of all tenants"
        headers={['Name', 'Tenant', 'Status', 'Host', 'Last seen', 'Your role']}
        isEmpty={p.rows.length === 0}
      >
        {p.rows.map((d) => (
          <tr>
            <td>
              <a href={`/all/devices/${d.id}`}>{d.name}</a>
            </td>
            <td>{d.tenant.tenantName}</td>
            <td>
              <DeviceStatusBadge status={d.status} isEnabled={d.isEnabled} />
            </td>
            <td>
              <code>
                {d.host}:{d.apiPort}
              </code>
            </td>
            <td title={d.lastSeenAt === null ? undefined : exactTime(d.lastSeenAt)}>
              {relativeTime(d.lastSeenAt, props.now)}
            </td>
            <td>{ROLE_LABEL[d.tenant.role]}</td>
          </tr>
        ))}
      </DataTable>
      <Pager
        prevHref={q.page > 1 ? href(p, q.page - 1) : undefined}
        nextHref={q.page < p.pageCount ? href(p, q.page + 1) : undefined}
        label={`Page ${q.page} of ${p.pageCount}`}
      />
    </div>
  )
}

/** GET /all/devices: search every tenant's devices at once, tenant as a column and a filter. */
export function AllDevicesPage(props: {
  page: DeviceSearchPage
  tenants: Membership[]
  now: number
}) {
  const q = props.page.query
  const swap = {
    'hx-get': '/all/devices',
    'hx-target': '#all-device-results',
    'hx-swap': 'outerHTML',
    'hx-push-url': 'true',
  }
  return (
    <section class="overview">
      <div class="page-header">
        <h1>All tenants</h1>
      </div>
      <OverviewTabs current="/all/devices" />
      <form
        class="filters"
        method="get"
        action="/all/devices"
        role="search"
        {...swap}
        hx-trigger="change, submit"
      >
        <label class="filter">
          <span class="visually-hidden">Search devices</span>
          <input
            type="search"
            name="q"
            value={q.q}
            placeholder="Search name, host, identity…"
            aria-label="Search devices"
            {...swap}
            hx-trigger="input changed delay:300ms, search"
            hx-include="closest form"
          />
        </label>
        <FilterSelect
          name="tenant"
          label="Tenant"
          value={q.tenant}
          options={[
            ['', 'All tenants'],
            ...props.tenants.map((t) => [t.tenantId, t.tenantName] as const),
          ]}
        />
        <FilterSelect name="status" label="Status" value={q.status} options={STATUSES} />
        <noscript>
          <button type="submit">Search</button>
        </noscript>
      </form>
      <AllDeviceRows page={props.page} now={props.now} />
    </section>
  )
}
