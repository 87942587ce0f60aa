import { CsrfField } from '../components/csrf-field.tsx'
import { Field } from '../components/field.tsx'

/** A tenant admin deletes a member's account (issue 19): only for members of this tenant alone. */
export function DeleteAccountCard(props: {
  userId: string
  username: string
  csrfToken: string
  /** why the account may not be deleted from here, or null */
  refusal: string | null
}) {
  return (
    <section class="card" id="delete-account">
      <h2>Delete account</h2>
      {props.refusal !== null ? (
        <p class="muted">{props.refusal}</p>
      ) : (
        <form method="post" action={`/users/${props.userId}/delete-account`} novalidate>
          <p>
            Deletes the account of <strong>{props.username}</strong> everywhere on request of the
            user (right to erasure): sessions, second factors and API keys it created go, audit
            entries name a pseudonym. This cannot be undone.
          </p>
          <CsrfField token={props.csrfToken} />
          <Field
            label="Your password, to confirm"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
          <button type="submit" class="button button-danger">
            Delete account of {props.username}
          </button>
        </form>
      )}
    </section>
  )
}
