import type { DeviceCheckResult, DeviceFilterOptions } from '../../src/devices/devices.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { DeviceCheckPanel } from './device-check-panel.tsx'

export type FormValues = Record<string, string | string[]>

export interface DeviceFormProps {
  mode: 'create' | 'edit'
  /** POST target: /devices or /devices/:id */
  action: string
  values: FormValues
  errors: Record<string, string>
  options: DeviceFilterOptions
  csrfToken: string
  check?: DeviceCheckResult
  /** an admin editing: may confirm sending the stored credentials to a changed endpoint */
  canForwardCredentials?: boolean
  /** the tenant's credential profiles (credential-profiles); only admins may choose one */
  profiles?: { id: string; name: string }[]
}

/** The credential-profile choice: a device follows the profile's rotations. */
function ProfileSelect(props: DeviceFormProps) {
  const profiles = props.profiles ?? []
  const current = one(props.values.credential_profile_id)
  if (profiles.length === 0 && current === '') return null
  return (
    <SelectField
      label="Credential profile"
      name="credential_profile_id"
      value={current}
      error={props.errors.credential_profile_id}
      options={[
        { value: '', label: 'None: the user name and password below' },
        ...profiles.map((p) => ({ value: p.id, label: p.name })),
      ]}
      hint="With a profile, leave the user name and password empty; the device then uses the profile's and follows its password changes. Only admins can choose a profile."
    />
  )
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : [])

function TextArea(props: {
  name: string
  label: string
  value: string
  error?: string
  rows?: number
  hint?: string
}) {
  const id = `f-${props.name}`
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value}
      </textarea>
      {props.hint && <p class="field-hint">{props.hint}</p>}
      {props.error && <p class="field-error">{props.error}</p>}
    </div>
  )
}

function MultiSelect(props: {
  name: string
  label: string
  refs: { id: string; name: string }[]
  selected: string[]
}) {
  if (props.refs.length === 0) return null
  const id = `f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} multiple size={Math.min(6, props.refs.length)}>
        {props.refs.map((r) => (
          <option value={r.id} selected={props.selected.includes(r.id)}>
            {r.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * Add/edit form. Credentials are never rendered back: on edit the inputs are empty with an
 * "unchanged" placeholder, and only a typed value replaces the stored one.
 */
/**
 * Stored credentials only go where they were entered; after a changed endpoint an admin may send
 * them there anyway (audited). Shown once the form asked for the credentials again.
 */
function ForwardCredentials(props: DeviceFormProps) {
  const e = props.errors
  const asked = e.username !== undefined || e.send_stored_credentials !== undefined
  if (!asked) return null
  if (!props.canForwardCredentials)
    return e.send_stored_credentials ? <p class="field-error">{e.send_stored_credentials}</p> : null
  return (
    <div class="field field-check">
      <label>
        <input type="checkbox" name="send_stored_credentials" /> Send the stored credentials to the
        new endpoint (admin, recorded in the audit log; not possible when security is weakened)
      </label>
      {e.send_stored_credentials && <p class="field-error">{e.send_stored_credentials}</p>}
    </div>
  )
}

export function DeviceForm(props: DeviceFormProps) {
  const v = props.values
  const e = props.errors
  const edit = props.mode === 'edit'
  const checkFailed = props.check !== undefined && !props.check.ok
  return (
    <form
      id="device-form"
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target="this"
      hx-swap="outerHTML"
      novalidate
    >
      <CsrfField token={props.csrfToken} />
      <FormError message={e._form} />
      <DeviceCheckPanel check={props.check} />
      <fieldset>
        <legend>Device</legend>
        <Field
          label="Name"
          name="name"
          value={one(v.name)}
          error={e.name}
          required
          maxlength={100}
        />
        <Field
          label="Host (IP or DNS name)"
          name="host"
          value={one(v.host)}
          error={e.host}
          required
        />
        <Field
          label="Second management address"
          name="host2"
          value={one(v.host2)}
          error={e.host2}
          hint="Tried when the first address does not answer (multi-WAN)."
        />
      </fieldset>
      <fieldset>
        <legend>Credentials</legend>
        <ProfileSelect {...props} />
        <Field
          label="User name"
          name="username"
          value={edit ? '' : one(v.username)}
          error={e.username}
          placeholder={edit ? 'unchanged' : undefined}
          autocomplete="off"
        />
        <Field
          label="Password"
          name="password"
          type="password"
          error={e.password}
          placeholder={edit ? 'unchanged' : undefined}
          autocomplete="new-password"
        />
        {edit && <ForwardCredentials {...props} />}
      </fieldset>
      <fieldset>
        <legend>Connection</legend>
        <SelectField
          label="Transport"
          name="transport"
          value={one(v.transport) || 'api'}
          error={e.transport}
          options={[
            { value: 'api', label: 'API (8728)' },
            { value: 'api-ssl', label: 'API-SSL (8729)' },
          ]}
        />
        <Field
          label="API port"
          name="api_port"
          type="number"
          value={one(v.api_port)}
          error={e.api_port}
          placeholder="8728 / 8729"
        />
        <SelectField
          label="TLS mode (API-SSL)"
          name="tls_mode"
          value={one(v.tls_mode) || 'insecure'}
          error={e.tls_mode}
          options={[
            { value: 'insecure', label: 'Accept self-signed certificate' },
            { value: 'pin', label: 'Pin certificate fingerprint' },
            { value: 'verify', label: 'Verify against a CA' },
            { value: 'certless', label: 'Certificate-less (anonymous DH)' },
          ]}
        />
        <Field
          label="Certificate SHA-256 fingerprint"
          name="tls_fingerprint"
          value={one(v.tls_fingerprint)}
          error={e.tls_fingerprint}
        />
        <TextArea
          name="tls_ca_pem"
          label="CA certificate (PEM)"
          value={one(v.tls_ca_pem)}
          error={e.tls_ca_pem}
          rows={3}
        />
        <Field
          label="SSH port"
          name="ssh_port"
          type="number"
          value={one(v.ssh_port)}
          error={e.ssh_port}
          placeholder="22"
        />
        <Field
          label="Pinned SSH host key"
          name="ssh_host_key"
          value={one(v.ssh_host_key)}
          error={e.ssh_host_key}
          placeholder="SHA256:…"
        />
      </fieldset>
      <fieldset>
        <legend>Organisation</legend>
        <SelectField
          label="Site"
          name="site_id"
          value={one(v.site_id)}
          error={e.site_id}
          options={[
            { value: '', label: 'No site' },
            ...props.options.sites.map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <MultiSelect
          name="tag_ids"
          label="Tags"
          refs={props.options.tags}
          selected={many(v.tag_ids)}
        />
        <MultiSelect
          name="group_ids"
          label="Groups"
          refs={props.options.groups}
          selected={many(v.group_ids)}
        />
        <TextArea name="notes" label="Notes" value={one(v.notes)} error={e.notes} />
        <Field label="Latitude" name="latitude" value={one(v.latitude)} error={e.latitude} />
        <Field label="Longitude" name="longitude" value={one(v.longitude)} error={e.longitude} />
      </fieldset>
      <fieldset>
        <legend>Polling</legend>
        <div class="field field-check">
          <label>
            <input type="checkbox" name="is_enabled" checked={one(v.is_enabled) === 'on'} /> Poll
            this device
          </label>
        </div>
        <Field
          label="Poll interval (seconds)"
          name="poll_interval_s"
          type="number"
          value={one(v.poll_interval_s) || '60'}
          error={e.poll_interval_s}
        />
      </fieldset>
      {checkFailed && (
        <div class="field field-check">
          <label>
            <input type="checkbox" name="save_anyway" /> Save anyway (the poller will keep trying)
          </label>
        </div>
      )}
      <div class="actions">
        <button type="submit" class="button button-primary">
          {edit ? 'Check and save' : 'Check and add'}
        </button>
        <a class="button" href={edit ? props.action : '/devices'}>
          Cancel
        </a>
      </div>
    </form>
  )
}
