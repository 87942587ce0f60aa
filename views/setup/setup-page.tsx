import type { Child } from 'hono/jsx'
import type { SetupStep } from '../../src/setup/setup.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'

const STEPS: { step: SetupStep; label: string }[] = [
  { step: 'tenant', label: 'First tenant' },
  { step: 'device', label: 'First device' },
  { step: 'notify', label: 'Notify me' },
  { step: 'backups', label: 'Backups' },
]

export interface SetupPageProps {
  csrfToken: string
  current: SetupStep
  children: Child
  /** where "Skip this step" goes (none: the step cannot be skipped yet) */
  skipTo?: string
}

/** The wizard's frame: where you are, the step's form, and the ways out. */
export function SetupPage(props: SetupPageProps) {
  return (
    <>
      <div class="page-header">
        <h1>Set up Outpost</h1>
        <form method="post" action="/setup/skip" class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button">
            Skip setup
          </button>
        </form>
      </div>
      <ol class="setup-steps">
        {STEPS.map((s, i) => (
          <li
            aria-current={s.step === props.current ? 'step' : undefined}
            class={s.step === props.current ? 'setup-step current' : 'setup-step'}
          >
            <span class="setup-step-number">{i + 1}</span> {s.label}
          </li>
        ))}
      </ol>
      <section class="card">
        {props.children}
        {props.skipTo && (
          <p class="muted">
            <a href={props.skipTo}>Skip this step</a>
          </p>
        )}
      </section>
      <p class="muted">You can come back here any time from Setup in the menu.</p>
    </>
  )
}
