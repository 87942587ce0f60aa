import type { DeviceCertificateView } from '../../src/certificates/certificates.types.ts'
import type { DeviceView } from '../../src/devices/devices.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'

export interface DeviceCertificatePanelProps {
  device: DeviceView
  certificate: DeviceCertificateView | null
  canAdmin: boolean
  csrfToken: string
  now: number
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The device's API-SSL certificate from Outpost's CA, and the admin's issue/renew button. */
export function DeviceCertificatePanel(props: DeviceCertificatePanelProps) {
  const c = props.certificate
  const d = props.device
  const verified = d.transport === 'api-ssl' && d.tlsMode === 'verify' && c !== null
  return (
    <section class="card" aria-labelledby="cert-title">
      <h2 id="cert-title">API-SSL certificate</h2>
      <p class="muted">
        Outpost's own certificate authority can issue this router a certificate: it is uploaded over
        SFTP, imported and given to the API-SSL service through a change set (see the Changes tab),
        and Outpost then connects with API-SSL and verifies the router against its CA. It is renewed
        automatically 30 days before it expires.
      </p>
      {c === null ? (
        <p>No certificate from Outpost's CA yet.</p>
      ) : (
        <dl class="facts">
          <dt>Common name</dt>
          <dd>{c.commonName}</dd>
          <dt>Serial</dt>
          <dd>
            <code>{c.serial}</code>
          </dd>
          <dt>SHA-256 fingerprint</dt>
          <dd>
            <code class="wrap">{c.fingerprint}</code>
          </dd>
          <dt>Valid</dt>
          <dd>
            {day(c.notBefore)} to {day(c.notAfter)} (
            {String(Math.max(0, Math.floor((c.notAfter - props.now) / 86_400_000)))} days left)
          </dd>
          <dt>Connection</dt>
          <dd>
            {verified ? "API-SSL, verified against Outpost's CA" : `${d.transport}, ${d.tlsMode}`}
          </dd>
          {c.changeSetId && (
            <>
              <dt>Installed by</dt>
              <dd>
                <a href={`/devices/${d.id}/changes/${c.changeSetId}`}>change {c.changeSetId}</a>
              </dd>
            </>
          )}
          {c.lastError && (
            <>
              <dt>Last attempt</dt>
              <dd class="field-error">{c.lastError}</dd>
            </>
          )}
        </dl>
      )}
      {props.canAdmin ? (
        <form method="post" action={`/devices/${d.id}/certificate`}>
          <CsrfField token={props.csrfToken} />
          <button class="button button-primary" type="submit">
            {c === null ? 'Issue certificate' : 'Renew certificate now'}
          </button>
          <p class="field-hint">
            Needs SSH (for the upload) and the API-SSL service on the router
            {d.transport === 'api-ssl' ? ` (port ${d.apiPort})` : ' (port 8729)'}.
          </p>
        </form>
      ) : (
        <p class="muted">Only admins can issue certificates.</p>
      )}
    </section>
  )
}
