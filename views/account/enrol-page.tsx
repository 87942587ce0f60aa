import type { Enrolment } from '../../src/auth/second-factor.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { FormError } from '../components/field.tsx'

export interface EnrolPageProps {
  csrfToken: string
  enrolment: Enrolment
  error?: string
}

/** Scan the QR code (rendered on the server), then prove it worked with the first code. */
export function EnrolPage(props: EnrolPageProps) {
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.enrolment.qrSvg)}`
  const grouped = props.enrolment.secret.replace(/(.{4})/g, '$1 ').trim()
  return (
    <>
      <h1>Set up two-step verification</h1>
      <section class="card">
        <ol>
          <li>Open your authenticator app (any app for TOTP codes) and scan this code.</li>
        </ol>
        <img
          class="qr-code"
          src={src}
          alt="QR code for your authenticator app"
          width={220}
          height={220}
        />
        <p class="muted">
          Cannot scan? Type this key: <code class="totp-secret">{grouped}</code>
        </p>
        <ol start={2}>
          <li>Type the 6-digit code the app now shows.</li>
        </ol>
        <form method="post" action="/account/security/enrol/confirm" novalidate>
          <CsrfField token={props.csrfToken} />
          <FormError message={props.error} />
          <div class="field">
            <label for="f-code">Code</label>
            <input
              id="f-code"
              name="code"
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              autofocus
              required
              maxlength={7}
            />
          </div>
          <button type="submit" class="button button-primary">
            Confirm
          </button>{' '}
          <a class="button" href="/account/security">
            Cancel
          </a>
        </form>
      </section>
    </>
  )
}
