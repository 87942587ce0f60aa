import type { FleetOverview, StatusCounts } from '../../src/overview/overview.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { DeviceStatusBadge } from '../devices/device-status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'
import { OverviewTabs, ROLE_LABEL, exactTime, overviewHref } from './overview-tabs.tsx'

const COLUMNS: { key: keyof StatusCounts; label: string }[] = [
  { key: 'total', label: 'Devices' },
  { key: 'online', label: 'Online' },
  { key: 'degraded', label: 'Degraded' },
  { key: 'offline', label: 'Offline' },
  { key: 'auth_failed', label: 'Auth failed' },
  { key: 'unknown', label: 'Not polled' },
  { key: 'disabled', label: 'Disabled' },
]

function Count(props: { n: number; tenant: string | null; status: keyof StatusCounts }) {
  if (props.n === 0) return <span class="muted">0</span>
  const status = props.status === 'total' ? null : props.status
  return <a href={overviewHref('/all/devices', { tenant: props.tenant, status })}>{props.n}</a>
}

/** GET /all: every tenant's fleet by status, and the worst devices of all of them. */
export function OverviewPage(props: { overview: FleetOverview; now: number }) {
  const o = props.overview
  return (
    <section class="overview">
      <div class="page-header">
        <h1>All tenants</h1>
      </div>
      <OverviewTabs current="/all" />
      <DataTable
        caption="Devices by status in each tenant"
        headers={[
          'Tenant',
          'Your role',
          ...COLUMNS.map((col) => ({ label: col.label, class: 'num' })),
        ]}
        isEmpty={o.tenants.length === 0}
        empty={<EmptyState title="No tenants">You do not belong to any tenant yet.</EmptyState>}
      >
        {o.tenants.map((t) => (
          <tr>
            <th scope="row">{t.tenantName}</th>
            <td>{ROLE_LABEL[t.role]}</td>
            {COLUMNS.map((col) => (
              <td class="num">
                <Count n={t.counts[col.key]} tenant={t.tenantId} status={col.key} />
              </td>
            ))}
          </tr>
        ))}
        {o.tenants.length > 1 && (
          <tr class="total-row">
            <th scope="row">All tenants</th>
            <td></td>
            {COLUMNS.map((col) => (
              <td class="num">
                <Count n={o.totals[col.key]} tenant={null} status={col.key} />
              </td>
            ))}
          </tr>
        )}
      </DataTable>
      <h2>Needs attention</h2>
      {o.attentionTotal === 0 ? (
        <p class="muted">Every enabled device is online or not polled yet.</p>
      ) : (
        <>
          <DataTable
            caption="Devices that need attention in all tenants"
            headers={['Device', 'Tenant', 'Status', 'Last seen', 'Problem']}
          >
            {o.attention.map((d) => (
              <tr>
                <td>
                  <a href={`/all/devices/${d.id}`}>{d.name}</a>
                </td>
                <td>{d.tenant.tenantName}</td>
                <td>
                  <DeviceStatusBadge status={d.status} isEnabled={d.isEnabled} />
                </td>
                <td title={d.lastSeenAt === null ? undefined : exactTime(d.lastSeenAt)}>
                  {relativeTime(d.lastSeenAt, props.now)}
                </td>
                <td class="muted">{d.lastError ?? ''}</td>
              </tr>
            ))}
          </DataTable>
          <p>
            <a href="/all/devices?status=attention">
              All {o.attentionTotal} devices that need attention
            </a>
          </p>
        </>
      )}
    </section>
  )
}
