import type { Membership } from '../../src/auth/auth.types.ts'
import type { EventPage } from '../../src/overview/overview.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { Pager } from '../components/pager.tsx'
import { FilterSelect, OverviewTabs, exactTime, overviewHref } from './overview-tabs.tsx'

const kindLabel = (k: string) => k.replaceAll('_', ' ')

/** GET /all/events: what happened on every tenant's devices, newest first, older page by page. */
export function AllEventsPage(props: {
  page: EventPage
  tenants: Membership[]
  kinds: readonly string[]
}) {
  const p = props.page
  const q = p.query
  const filters = { q: q.q, tenant: q.tenant, kind: q.kind }
  return (
    <section class="overview">
      <div class="page-header">
        <h1>All tenants</h1>
      </div>
      <OverviewTabs current="/all/events" />
      <form class="filters" method="get" action="/all/events" role="search">
        <label class="filter">
          <span class="visually-hidden">Device name</span>
          <input
            type="search"
            name="q"
            value={q.q}
            placeholder="Device name…"
            aria-label="Device name"
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
        <FilterSelect
          name="kind"
          label="Kind"
          value={q.kind}
          options={[['', 'Any kind'], ...props.kinds.map((k) => [k, kindLabel(k)] as const)]}
        />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Device events of all tenants"
        headers={['Time', 'Tenant', 'Device', 'Event', 'Message']}
        isEmpty={p.rows.length === 0}
        empty={<p class="muted">No events match.</p>}
      >
        {p.rows.map((e) => (
          <tr>
            <td>
              <time datetime={new Date(e.at).toISOString()}>{exactTime(e.at)}</time>
            </td>
            <td>{e.tenant.tenantName}</td>
            <td>
              <a href={`/all/devices/${e.deviceId}`}>{e.deviceName}</a>
            </td>
            <td>{kindLabel(e.kind)}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </DataTable>
      <Pager
        prevHref={q.before !== null ? overviewHref('/all/events', filters) : undefined}
        nextHref={
          p.older ? overviewHref('/all/events', { ...filters, before: p.older }) : undefined
        }
        label={q.before !== null ? 'Older events' : 'Newest events'}
      />
    </section>
  )
}
