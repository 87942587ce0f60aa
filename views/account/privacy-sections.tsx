import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

/** The account's e-mail address: where password reset links go. */
export function EmailSection(props: {
  csrfToken: string
  email: string | null
  value?: string
  error?: string
}) {
  return (
    <form method="post" action="/account/email" class="card" novalidate id="email">
      <h2>E-mail address</h2>
      <p class="muted">
        Password reset links are sent here. Without an address, an administrator must reset your
        password.
      </p>
      <CsrfField token={props.csrfToken} />
      <FormError message={props.error && props.value === undefined ? props.error : undefined} />
      <Field
        label="E-mail address"
        name="email"
        type="email"
        value={props.value ?? props.email ?? ''}
        error={props.error}
        autocomplete="email"
        hint="Leave empty to remove it."
      />
      <button type="submit" class="button">
        Save address
      </button>
    </form>
  )
}

/** Art. 15/20: download of the signed-in user's own data. */
export function YourDataSection() {
  return (
    <section class="card" id="your-data">
      <h2>Your data</h2>
      <p>
        Download everything Outpost keeps about you (account, memberships, sessions, API keys'
        metadata and your audit entries) as JSON.
      </p>
      <p>
        <a class="button" href="/account/export" download>
          Download my data
        </a>
      </p>
    </section>
  )
}

/** Art. 17: the user deletes their own account after confirming the password. */
export function DeleteAccountSection(props: { csrfToken: string; error?: string | undefined }) {
  return (
    <form method="post" action="/account/delete" class="card" novalidate id="delete-account">
      <h2>Delete my account</h2>
      <p>
        Your account, its sessions (in every browser), passkeys, two-step verification and reset
        links are removed, and the API keys you created are revoked. Audit entries stay, but name a
        pseudonym instead of you. You get a receipt once. This cannot be undone.
      </p>
      <CsrfField token={props.csrfToken} />
      <Field
        label="Your password"
        name="password"
        type="password"
        error={props.error}
        autocomplete="current-password"
        required
      />
      <button type="submit" class="button button-danger">
        Delete my account
      </button>
    </form>
  )
}
