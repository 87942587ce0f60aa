import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export function TenantStep(props: {
  csrfToken: string
  name?: string
  error?: string
  existing: string | null
}) {
  return (
    <form method="post" action="/setup/tenant" novalidate>
      <h2>Create the first tenant</h2>
      <p>
        A tenant is one customer (or your own network): its devices, users and alerts are kept apart
        from every other tenant's.
      </p>
      {props.existing && (
        <p>
          You already have the tenant <strong>{props.existing}</strong>; create another one or skip
          this step.
        </p>
      )}
      <CsrfField token={props.csrfToken} />
      <Field
        label="Tenant name"
        name="name"
        value={props.name}
        error={props.error}
        required
        autofocus
        placeholder="e.g. Acme Ltd"
      />
      <button type="submit" class="button button-primary">
        Create tenant
      </button>
    </form>
  )
}

export interface BackupsStepProps {
  csrfToken: string
  intervalHours: number
  keep: number
  deviceName: string | null
  errors?: Record<string, string>
}

export function BackupsStep(props: BackupsStepProps) {
  return (
    <form method="post" action="/setup/backups" novalidate>
      <h2>Appliance backups</h2>
      <p>
        Outpost snapshots its own databases and secrets into the data directory's{' '}
        <code>backups</code> folder, encrypted with the passphrase in <code>backup-passphrase</code>
        . Choose how often, and how many to keep.
      </p>
      <CsrfField token={props.csrfToken} />
      <FormError message={props.errors?._form} />
      <Field
        label="Snapshot every (hours, 0 = off)"
        name="intervalHours"
        type="number"
        value={String(props.intervalHours)}
        error={props.errors?.intervalHours}
        required
      />
      <Field
        label="Snapshots to keep"
        name="keep"
        type="number"
        value={String(props.keep)}
        error={props.errors?.keep}
        required
      />
      <button type="submit" class="button button-primary">
        {props.deviceName
          ? `Save and watch ${props.deviceName} being polled`
          : 'Save and go to the dashboard'}
      </button>
    </form>
  )
}
