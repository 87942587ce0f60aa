import type { PasskeyOverview } from '../../src/auth/passkey.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { DataTable } from '../components/data-table.tsx'
import { RelativeTime } from '../components/relative-time.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

export interface PasskeysSectionProps {
  csrfToken: string
  overview: PasskeyOverview
  now: number
  timeZone?: string
}

const BASE = '/account/security/passkeys'

function RenameForm(props: { csrfToken: string; id: string; name: string }) {
  return (
    <form method="post" action={`${BASE}/rename`} class="passkey-rename">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="id" value={props.id} />
      <label class="visually-hidden" for={`pk-name-${props.id}`}>
        New name for {props.name}
      </label>
      <input id={`pk-name-${props.id}`} name="name" value={props.name} maxlength={60} required />
      <button type="submit" class="button button-small">
        Rename
      </button>
    </form>
  )
}

/** Account › Security: the user's passkeys (issue 19), each with rename and remove. */
export function PasskeysSection(props: PasskeysSectionProps) {
  const o = props.overview
  const lastFactor = !o.totpEnrolled && o.passkeys.length === 1
  const codesHere = !o.totpEnrolled && o.passkeys.length > 0
  return (
    <section class="card" data-passkey-scope>
      <h2>Passkeys</h2>
      <p>
        A passkey signs you in with your device's fingerprint, face or PIN instead of a password,
        and counts as your second factor after a password. Nothing reusable is sent to Outpost.
      </p>
      <p class="form-error" role="alert" data-passkey-error hidden></p>
      <DataTable
        caption="Your passkeys"
        headers={['Name', 'Last used', '']}
        isEmpty={o.passkeys.length === 0}
        empty={<p class="muted">No passkeys yet.</p>}
      >
        {o.passkeys.map((p) => (
          <tr>
            <td>
              <RenameForm csrfToken={props.csrfToken} id={p.id} name={p.name} />
              <span class="muted">
                added <RelativeTime at={p.createdAt} now={props.now} timeZone={props.timeZone} />
              </span>{' '}
              {p.backedUp && <StatusBadge label="synced" tone="muted" />}
            </td>
            <td>
              <RelativeTime at={p.lastUsedAt} now={props.now} timeZone={props.timeZone} />
            </td>
            <td>
              {!(lastFactor && o.required) && (
                <ConfirmButton
                  action={`${BASE}/remove`}
                  fields={{ id: p.id }}
                  label="Remove"
                  confirm={`Remove the passkey “${p.name}”? It will no longer sign you in.`}
                  csrfToken={props.csrfToken}
                  tone="danger"
                />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <form method="post" action={BASE} class="passkey-add" data-passkey-register>
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="f-passkey-name">Name of the new passkey</label>
          <input
            id="f-passkey-name"
            name="name"
            maxlength={60}
            required
            placeholder="e.g. Work laptop"
          />
        </div>
        <button type="submit" class="button button-primary">
          Add a passkey
        </button>
      </form>
      {codesHere && (
        <form method="post" action={`${BASE}/recovery-codes`} class="passkey-recovery">
          <CsrfField token={props.csrfToken} />
          <p class={o.unusedRecoveryCodes === 0 ? 'form-error' : 'muted'}>
            {o.unusedRecoveryCodes === 0
              ? 'You have no recovery codes: if you lose your passkeys, only an administrator can let you in again.'
              : `${o.unusedRecoveryCodes} of 10 recovery codes left; each one stands in for a passkey once.`}
          </p>
          <div class="field">
            <label for="f-rc-password">Your password</label>
            <input
              id="f-rc-password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
          </div>
          <button type="submit" class="button">
            {o.unusedRecoveryCodes === 0 ? 'Make recovery codes' : 'Make new recovery codes'}
          </button>
        </form>
      )}
    </section>
  )
}
