import type {
  DeviceOverlayView,
  EnrollmentResult,
  OverlayInfo,
} from '../../src/overlay/overlay.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { bytes, enrollmentText, HandshakeText, OverlayStateNotice } from './overlay-status.tsx'

/** The script and URL of a fresh enrollment: shown once (only the URL's hash is stored). */
export function EnrollmentPanel(props: { result: EnrollmentResult; now: number }) {
  const r = props.result
  const hours = Math.round((r.expiresAt - props.now) / 3_600_000)
  return (
    <div id="overlay-enrollment" class="card secret-once">
      <h2>Onboarding script</h2>
      <p>
        Paste this into the router's terminal (RouterOS 7), or save it as a file and run{' '}
        <span class="mono">/import</span>. It creates the router's WireGuard interface (the router
        makes its own private key), adds the appliance as its peer, gives it the overlay address{' '}
        <span class="mono">{r.address}</span>, allows the appliance in on the API and SSH ports, and
        calls the enrollment URL once. The URL works once and expires in {hours} hours; it is shown
        only now.
      </p>
      <pre class="config-text" data-testid="overlay-script">
        {r.script}
      </pre>
      <p class="muted wrap-anywhere">
        Enrollment URL: <span class="mono">{r.enrollUrl}</span>
      </p>
    </div>
  )
}

export interface DeviceOverlayTabProps {
  view: DeviceOverlayView
  info: OverlayInfo
  canEnroll: boolean
  csrfToken: string
  now: number
  enrollment?: { result: EnrollmentResult; now: number } | undefined
}

export function DeviceOverlayTab(props: DeviceOverlayTabProps) {
  const v = props.view
  const base = `/devices/${v.deviceId}/overlay`
  return (
    <section>
      <OverlayStateNotice state={props.info.state} interfaceName={props.info.interfaceName} />
      {v.unsupportedReason !== null ? (
        <p class="form-error" role="status">
          {v.unsupportedReason}
        </p>
      ) : null}
      <div class="card">
        <dl class="facts">
          <dt>Overlay address</dt>
          <dd class="mono">{v.address ?? 'none yet'}</dd>
          <dt>Status</dt>
          <dd>
            {v.enrolled ? (
              <HandshakeText at={v.latestHandshakeAt} now={props.now} />
            ) : (
              <span class="badge badge-muted">not enrolled</span>
            )}
          </dd>
          <dt>Received / sent</dt>
          <dd>
            {bytes(v.rxBytes)} / {bytes(v.txBytes)}
          </dd>
          <dt>Endpoint</dt>
          <dd class="mono">{v.endpoint ?? '–'}</dd>
          <dt>Router public key</dt>
          <dd class="mono wrap-anywhere">{v.publicKey ?? '–'}</dd>
          <dt>Enrollment URL</dt>
          <dd>{enrollmentText(v.enrollment)}</dd>
        </dl>
      </div>
      {props.canEnroll && v.unsupportedReason === null ? (
        <form
          method="post"
          action={`${base}/enroll`}
          hx-post={`${base}/enroll`}
          hx-target="#overlay-enrollment"
          hx-swap="outerHTML"
        >
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button">
            {v.enrolled ? 'Create a new enrollment script' : 'Create enrollment script'}
          </button>
          <p class="field-hint">
            Admins only: the stored credentials are then used over the overlay address.
          </p>
        </form>
      ) : null}
      {props.enrollment ? (
        <EnrollmentPanel {...props.enrollment} />
      ) : (
        <div id="overlay-enrollment" />
      )}
    </section>
  )
}
