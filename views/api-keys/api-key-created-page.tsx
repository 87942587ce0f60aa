import type { CreatedApiKey } from '../../src/api-keys/api-keys.types.ts'

/** Shows a new API key exactly once (the response is not cached). */
export function ApiKeyCreatedPage(props: {
  created: CreatedApiKey
  origin: string
  reissued?: boolean
}) {
  const { key, token } = props.created
  return (
    <section>
      <div class="page-header">
        <h1>
          API key {key.name} {props.reissued ? 're-issued' : 'created'}
        </h1>
      </div>
      {props.reissued && (
        <p>
          The previous key with this name is revoked. The new key is bound to your membership: it
          acts with at most your role in this tenant and stops if you leave it.
        </p>
      )}
      <section class="card secret-once">
        <h2>Copy the key now</h2>
        <p>
          This is the only time the key is shown. Outpost stores only its SHA-256 hash, so a lost
          key cannot be recovered: revoke it and create another.
        </p>
        <p>
          <label for="api-key-token">API key ({key.role})</label>
          <input id="api-key-token" class="secret-value" type="text" readonly value={token} />
        </p>
        <p>Try it:</p>
        <pre>
          <code>{`curl -H "Authorization: Bearer ${token}" ${props.origin}/api/v1/me`}</code>
        </pre>
      </section>
      <p>
        <a class="button button-primary" href="/api-keys">
          Done
        </a>
      </p>
    </section>
  )
}
