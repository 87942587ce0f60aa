import type { Member } from '../../src/users/users.types.ts'

export interface OneTimePasswordPageProps {
  member: Member
  password: string
  /** 'created' after creating the user, 'reset' after a password reset */
  reason: 'created' | 'reset'
}

/** Shows a temporary password exactly once (the response is not cached). */
export function OneTimePasswordPage(props: OneTimePasswordPageProps) {
  const m = props.member
  return (
    <section>
      <div class="page-header">
        <h1>
          {props.reason === 'created'
            ? `User ${m.username} created`
            : `New password for ${m.username}`}
        </h1>
      </div>
      <section class="card secret-once">
        <h2>One-time password</h2>
        <p>
          Give this password to <strong>{m.username}</strong> over a safe channel. It is shown only
          now: Outpost stores only a hash of it. They must choose their own password when they first
          sign in.
        </p>
        <p>
          <label for="one-time-password">Password</label>
          <input
            id="one-time-password"
            class="secret-value"
            type="text"
            readonly
            value={props.password}
          />
        </p>
        {props.reason === 'reset' && <p class="muted">All of their sessions were signed out.</p>}
      </section>
      <p class="actions">
        <a class="button button-primary" href={`/users/${m.userId}`}>
          Done
        </a>
        <a class="button" href="/users">
          Back to users
        </a>
      </p>
    </section>
  )
}
