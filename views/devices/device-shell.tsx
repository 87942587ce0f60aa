import type { Child } from 'hono/jsx'
import type { DeviceView } from '../../src/devices/devices.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { DeviceStatusBadge } from './device-status-badge.tsx'

/** Tabs of the device page. POLLER's routes render the other tabs inside DeviceShell. */
export const DEVICE_TABS = [
  { key: 'overview', label: 'Overview', path: '' },
  { key: 'interfaces', label: 'Interfaces', path: '/interfaces' },
  { key: 'clients', label: 'Clients', path: '/clients' },
  { key: 'neighbours', label: 'Neighbours', path: '/neighbours' },
  { key: 'events', label: 'Events', path: '/events' },
  { key: 'backups', label: 'Backups', path: '/backups' },
  { key: 'logs', label: 'Logs', path: '/logs' },
  { key: 'config', label: 'Config', path: '/config' },
  { key: 'changes', label: 'Changes', path: '/changes' },
  { key: 'terminal', label: 'Terminal', path: '/terminal' }, // remote access (issue 14)
  { key: 'overlay', label: 'Overlay', path: '/overlay' },
  { key: 'certificate', label: 'Certificate', path: '/certificate' },
] as const

export type DeviceTab = (typeof DEVICE_TABS)[number]['key']

export interface DeviceShellProps {
  device: DeviceView
  tab: DeviceTab
  canEdit: boolean
  csrfToken: string
  children?: Child
}

/** Header (name, status, actions) and tab navigation shared by every tab of a device. */
export function DeviceShell(props: DeviceShellProps) {
  const d = props.device
  const base = `/devices/${d.id}`
  return (
    <section class="device-page" data-device-id={d.id}>
      <p class="muted">
        <a href="/devices">← Devices</a>
      </p>
      <div class="page-header">
        <h1>
          {d.name}{' '}
          <span id={`device-status-${d.id}`}>
            <DeviceStatusBadge status={d.status} isEnabled={d.isEnabled} />
          </span>{' '}
          <span hx-get={`${base}/maintenance-badge`} hx-trigger="load" hx-swap="outerHTML"></span>
        </h1>
        {props.canEdit && d.viaEdge != null && (
          <EdgeActions device={d} csrfToken={props.csrfToken} />
        )}
        {props.canEdit && d.viaEdge == null && (
          <div class="actions">
            <a class="button" href={`${base}/edit`}>
              Edit
            </a>
            <form method="post" action={`${base}/check`} class="inline-form">
              <CsrfField token={props.csrfToken} />
              <button type="submit" class="button">
                Check now
              </button>
            </form>
            <ConfirmButton
              action={`${base}/${d.isEnabled ? 'disable' : 'enable'}`}
              label={d.isEnabled ? 'Disable' : 'Enable'}
              confirm={d.isEnabled ? `Stop polling ${d.name}?` : `Start polling ${d.name}?`}
              csrfToken={props.csrfToken}
            />
            <ConfirmButton
              action={`${base}/delete`}
              label="Delete"
              tone="danger"
              confirm={`Delete ${d.name}? Its history is removed too. This cannot be undone.`}
              csrfToken={props.csrfToken}
            />
          </div>
        )}
      </div>
      <nav class="tabs" aria-label="Device sections">
        <ul>
          {DEVICE_TABS.map((t) => (
            <li>
              <a href={`${base}${t.path}`} aria-current={t.key === props.tab ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </section>
  )
}

/**
 * A device an edge appliance polls (issue 20) is edited, enabled and deleted on the edge, which
 * forwards it here; once the edge is revoked, only deleting the copy here is left.
 */
function EdgeActions(props: { device: DeviceView; csrfToken: string }) {
  const d = props.device
  if (d.edgeRevoked)
    return (
      <div class="actions">
        <span class="muted">The edge {d.viaEdge} that polled this device was revoked.</span>
        <ConfirmButton
          action={`/devices/${d.id}/delete`}
          label="Delete"
          tone="danger"
          confirm={`Delete ${d.name}? Its history is removed too. This cannot be undone.`}
          csrfToken={props.csrfToken}
        />
      </div>
    )
  return (
    <p class="muted edge-owned">
      Polled by the edge appliance {d.viaEdge}: edit, enable or delete it on the edge, which
      forwards it here. Config changes made here are sent to the edge.
    </p>
  )
}
