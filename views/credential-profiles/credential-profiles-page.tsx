import type { CredentialProfileView } from '../../src/credential-profiles/credential-profiles.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export interface CredentialProfilesPageProps {
  profiles: CredentialProfileView[]
  csrfToken: string
  errors?: Record<string, string> | undefined
  values?: { name?: string; username?: string } | undefined
}

function EditProfile(props: { p: CredentialProfileView; csrfToken: string }) {
  const p = props.p
  return (
    <details>
      <summary>Edit or rotate</summary>
      <form method="post" action={`/credential-profiles/${p.id}`} class="stack">
        <CsrfField token={props.csrfToken} />
        <input name="name" value={p.name} aria-label={`Name of ${p.name}`} required />
        <input
          name="username"
          value={p.username}
          aria-label={`User name of ${p.name}`}
          autocomplete="off"
          required
        />
        <input
          name="password"
          type="password"
          placeholder="new password (blank: unchanged)"
          aria-label={`New password of ${p.name}`}
          autocomplete="new-password"
        />
        <p class="field-hint">
          Saving re-seals the credentials of the {String(p.deviceCount)} device(s) that use it.
        </p>
        <button class="button button-small button-primary" type="submit">
          Save
        </button>
      </form>
    </details>
  )
}

/** Named user/password sets of the tenant; devices that use one follow its rotations. */
export function CredentialProfilesPage(props: CredentialProfilesPageProps) {
  return (
    <section>
      <p class="muted">
        <a href="/devices">← Devices</a>
      </p>
      <h1>Credential profiles</h1>
      <p class="muted">
        A profile is a user name and password that many devices use. Changing its password here
        changes it for every device that uses it. Passwords are stored encrypted and never shown.
        Only admins can give a device a profile.
      </p>
      <FormError message={props.errors?._form} />
      {props.profiles.length === 0 ? (
        <p class="muted">No credential profiles yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">Credential profiles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">User name</th>
                <th scope="col">Devices</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.profiles.map((p) => (
                <tr>
                  <td>{p.name}</td>
                  <td>{p.username}</td>
                  <td>{String(p.deviceCount)}</td>
                  <td>
                    <EditProfile p={p} csrfToken={props.csrfToken} />
                    <ConfirmButton
                      action={`/credential-profiles/${p.id}/delete`}
                      label="Delete"
                      tone="danger"
                      confirm={`Delete credential profile ${p.name}?`}
                      csrfToken={props.csrfToken}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action="/credential-profiles" class="card">
        <h2>Add a profile</h2>
        <CsrfField token={props.csrfToken} />
        <Field
          label="Name"
          name="name"
          value={props.values?.name}
          error={props.errors?.name}
          required
        />
        <Field
          label="User name"
          name="username"
          value={props.values?.username}
          error={props.errors?.username}
          required
          autocomplete="off"
        />
        <Field
          label="Password"
          name="password"
          type="password"
          error={props.errors?.password}
          autocomplete="new-password"
        />
        <button class="button button-primary" type="submit">
          Add profile
        </button>
      </form>
    </section>
  )
}
