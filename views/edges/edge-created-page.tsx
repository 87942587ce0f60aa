import type { EdgeRegistration } from '../../src/edge/edges.types.ts'
import { formatDate } from '../tenants/format-date.ts'

/** Shows a registration token exactly once (the response is not cached). */
export function EdgeCreatedPage(props: { reg: EdgeRegistration }) {
  const { edge, token, fingerprint, command } = props.reg
  return (
    <section>
      <div class="page-header">
        <h1>Edge {edge.name} created</h1>
      </div>
      <section class="card secret-once">
        <h2>Copy the token now</h2>
        <p>
          This is the only time the token is shown. It works once, until{' '}
          {formatDate(edge.tokenExpiresAt)}; Outpost keeps only its hash.
        </p>
        <p>
          <label for="edge-token">Registration token</label>
          <input id="edge-token" class="secret-value" type="text" readonly value={token} />
        </p>
        {fingerprint !== null && (
          <p>
            <label for="edge-fingerprint">
              Certificate fingerprint (SHA-256), pinned by the edge
            </label>
            <input
              id="edge-fingerprint"
              class="secret-value"
              type="text"
              readonly
              value={fingerprint}
            />
          </p>
        )}
        <p>On the edge appliance, run:</p>
        <p class="wrap-anywhere">
          <code>{command}</code>
        </p>
        <p class="muted">or paste the same values on its Edge appliances page.</p>
      </section>
      <p>
        <a class="button button-primary" href="/edges">
          Done
        </a>
      </p>
    </section>
  )
}
