export interface RecoveryCodesPageProps {
  codes: readonly string[]
  /** true right after enrolment */
  enrolled: boolean
}

/** The ten recovery codes, shown this once (only their hashes are kept). */
export function RecoveryCodesPage(props: RecoveryCodesPageProps) {
  return (
    <>
      <h1>{props.enrolled ? 'Two-step verification is on' : 'New recovery codes'}</h1>
      <section class="card">
        <p>
          Keep these recovery codes somewhere safe (a password manager, or printed). Each one signs
          you in once if you lose your authenticator. <strong>They are shown only now.</strong>
        </p>
        <ul class="recovery-codes">
          {props.codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <a class="button button-primary" href="/">
          Done
        </a>
      </section>
    </>
  )
}
