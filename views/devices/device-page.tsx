import type { Child } from 'hono/jsx'
import type { DeviceView } from '../../src/devices/devices.types.ts'
import { ActiveAlertsSlot } from '../alerts/active-alerts-panel.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { DeviceShell } from './device-shell.tsx'
import { relativeTime } from './relative-time.ts'

function Fact(props: { label: string; children: Child }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  )
}

const transportLabel = (d: DeviceView) =>
  d.transport === 'api'
    ? `API, port ${d.apiPort}`
    : `API-SSL, port ${d.apiPort} (TLS: ${d.tlsMode})`

/** The facts of the overview tab: what the device is, how we reach it, how it is organised. */
export function DeviceFacts(props: { device: DeviceView; now: number }) {
  const d = props.device
  return (
    <div class="card-grid">
      <div class="card">
        <h2>Device</h2>
        <dl class="facts">
          <Fact label="Identity">{d.identity ?? '—'}</Fact>
          <Fact label="Model">{d.board ?? '—'}</Fact>
          <Fact label="RouterOS">{d.version ?? '—'}</Fact>
          <Fact label="Serial">{d.serial ?? '—'}</Fact>
          <Fact label="Last seen">{relativeTime(d.lastSeenAt, props.now)}</Fact>
          <Fact label="Last error">{d.lastError ?? '—'}</Fact>
        </dl>
      </div>
      <div class="card">
        <h2>Connection</h2>
        <dl class="facts">
          <Fact label="Host">{d.host}</Fact>
          <Fact label="Second address">{d.host2 ?? '—'}</Fact>
          <Fact label="Transport">{transportLabel(d)}</Fact>
          <Fact label="SSH port">{String(d.sshPort)}</Fact>
          <Fact label="SSH host key">{d.sshHostKey ?? 'pinned at first contact'}</Fact>
          <Fact label="Polling">{d.isEnabled ? `every ${d.pollIntervalS} s` : 'disabled'}</Fact>
        </dl>
      </div>
      <div class="card">
        <h2>Organisation</h2>
        <dl class="facts">
          <Fact label="Site">{d.site?.name ?? '—'}</Fact>
          <Fact label="Tags">{d.tags.map((t) => t.name).join(', ') || '—'}</Fact>
          <Fact label="Groups">{d.groups.map((g) => g.name).join(', ') || '—'}</Fact>
          <Fact label="Location">
            {d.latitude !== null && d.longitude !== null ? `${d.latitude}, ${d.longitude}` : '—'}
          </Fact>
          <Fact label="Notes">{d.notes || '—'}</Fact>
        </dl>
      </div>
    </div>
  )
}

/** After a "host key changed" event: the old and the offered key, and (admins) the accept button. */
function HostKeyChanged(props: { device: DeviceView; canAdmin: boolean; csrfToken: string }) {
  const d = props.device
  if (d.sshHostKeyPending === null) return null
  return (
    <div class="card" role="alert" id="host-key-changed">
      <h2>SSH host key changed</h2>
      <p>
        The device offered <code>{d.sshHostKeyPending}</code> instead of the pinned{' '}
        <code>{d.sshHostKey ?? '—'}</code>, so SSH connections to it are refused. Accept the new key
        only if the router was replaced or reinstalled.
      </p>
      {props.canAdmin ? (
        <form method="post" action={`/devices/${d.id}/ssh-host-key/accept`}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="host_key" value={d.sshHostKeyPending} />
          <button type="submit" class="button">
            Accept the new host key
          </button>
        </form>
      ) : (
        <p class="muted">An admin of this tenant can accept the new key.</p>
      )}
    </div>
  )
}

export interface DevicePageProps {
  device: DeviceView
  canEdit: boolean
  /** tenant admin: may accept a changed SSH host key */
  canAdmin?: boolean
  csrfToken: string
  now: number
  /** extra overview panels (health, resource charts: POLLER) */
  children?: Child
}

/** The device page, overview tab. */
export function DevicePage(props: DevicePageProps) {
  return (
    <DeviceShell
      device={props.device}
      tab="overview"
      canEdit={props.canEdit}
      csrfToken={props.csrfToken}
    >
      <HostKeyChanged
        device={props.device}
        canAdmin={props.canAdmin === true}
        csrfToken={props.csrfToken}
      />
      <DeviceFacts device={props.device} now={props.now} />
      <ActiveAlertsSlot deviceId={props.device.id} />
      {props.children}
    </DeviceShell>
  )
}
