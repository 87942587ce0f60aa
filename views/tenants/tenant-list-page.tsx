import type { TenantSummary } from '../../src/tenants/tenants.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formatDate } from './format-date.ts'
import type { FormState } from './form-state.ts'
import { TenantCreateForm } from './tenant-create-form.tsx'
import type { StatusCounts } from '../../src/overview/overview.types.ts'
import { DeviceCounts } from '../overview/device-counts.tsx'

export interface TenantListPageProps {
  tenants: TenantSummary[]
  csrfToken: string
  form?: FormState
  /** devices by status per tenant (issue 15) */
  deviceCounts?: ReadonlyMap<string, StatusCounts>
}

/** Super admins: every tenant (customer) on the appliance, and the form to add one. */
export function TenantListPage(props: TenantListPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Tenants</h1>
        <div class="actions">
          <a class="button" href="/users/all">
            All users
          </a>
        </div>
      </div>
      <DataTable
        caption="Tenants"
        headers={['Name', 'Status', 'Devices', 'Members', 'Created']}
        isEmpty={props.tenants.length === 0}
        empty={
          <EmptyState title="No tenants yet">
            <p>
              A tenant is one customer: its devices, users and API keys are kept apart from every
              other tenant. Create the first one below.
            </p>
          </EmptyState>
        }
      >
        {props.tenants.map((t) => (
          <tr>
            <td>
              <a href={`/tenants/${t.id}`}>{t.name}</a>
            </td>
            <td>
              {t.isDisabled ? (
                <StatusBadge label="disabled" tone="warn" />
              ) : (
                <StatusBadge label="active" tone="ok" />
              )}
            </td>
            <td>
              <DeviceCounts counts={props.deviceCounts?.get(t.id)} tenantId={t.id} />
            </td>
            <td>{t.memberCount}</td>
            <td>{formatDate(t.createdAt)}</td>
          </tr>
        ))}
      </DataTable>
      <TenantCreateForm csrfToken={props.csrfToken} state={props.form} />
    </section>
  )
}
