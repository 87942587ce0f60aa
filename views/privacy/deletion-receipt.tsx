import type { DeletionReceipt } from '../../src/privacy/privacy.types.ts'
import { DeleteAccountSection } from '../account/privacy-sections.tsx'

const LABELS: [keyof DeletionReceipt['removed'], string][] = [
  ['account', 'Account'],
  ['memberships', 'Tenant memberships'],
  ['sessions', 'Sessions (signed out everywhere)'],
  ['passkeys', 'Passkeys'],
  ['authenticatorApps', 'Authenticator apps'],
  ['recoveryCodes', 'Recovery codes'],
  ['resetTokens', 'Password reset links'],
  ['apiKeysRevoked', 'API keys revoked'],
  ['auditEntriesPseudonymised', 'Audit entries pseudonymised'],
]

/** The receipt of a deletion: shown once (the response is not cached), kept as a hash. */
export function DeletionReceiptView(props: { receipt: DeletionReceipt; who: string }) {
  const r = props.receipt
  return (
    <section class="card secret-once" id="deletion-receipt">
      <h1>{props.who} deleted</h1>
      <p>
        Keep this receipt: it is shown only now. Outpost keeps it with its hash; the audit trail
        names <strong>{r.pseudonym}</strong> instead of the account.
      </p>
      <p>
        Deleted at <strong>{r.deletedAt}</strong> by {r.deletedBy}. Receipt{' '}
        <code class="wrap-anywhere">{r.id}</code>
      </p>
      <dl class="facts">
        {LABELS.map(([key, label]) => (
          <>
            <dt>{label}</dt>
            <dd>{r.removed[key]}</dd>
          </>
        ))}
      </dl>
      <p>
        SHA-256 of the receipt: <code class="wrap-anywhere">{r.hash}</code>
      </p>
    </section>
  )
}

/** The deletion form on its own page: after a wrong password or a refusal. */
export function DeleteAccountPage(props: {
  csrfToken: string
  error?: string | undefined
  refusal?: string | undefined
}) {
  return (
    <section>
      <p>
        <a href="/account">← Account</a>
      </p>
      {props.refusal ? (
        <section class="card" role="alert">
          <h1>Your account cannot be deleted</h1>
          <p>{props.refusal}</p>
          <p class="muted">Nothing was deleted.</p>
        </section>
      ) : (
        <DeleteAccountSection csrfToken={props.csrfToken} error={props.error} />
      )}
    </section>
  )
}
