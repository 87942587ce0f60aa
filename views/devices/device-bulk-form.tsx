import type { DeviceFilterOptions } from '../../src/devices/devices.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'

function LabelSelect(props: {
  name: string
  label: string
  first: string
  refs: { id: string; name: string }[]
  extra?: { value: string; label: string }
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select name={props.name}>
        <option value="">{props.first}</option>
        {props.extra && <option value={props.extra.value}>{props.extra.label}</option>}
        {props.refs.map((r) => (
          <option value={r.id}>{r.name}</option>
        ))}
      </select>
    </label>
  )
}

/**
 * "All N matching this filter": rendered with the table (so it always carries the current search)
 * and submitted with the bulk form through form="bulk-form". The count is sent too, so the server
 * refuses the change when the filter matches a different number of devices by then.
 */
export function BulkMatchAll(props: { total: number; href: string }) {
  return (
    <p class="bulk-match">
      <label>
        <input type="checkbox" name="match" value={props.href} form="bulk-form" /> Apply the bulk
        edit to all {String(props.total)} devices matching this filter
      </label>
      <input type="hidden" name="match_count" value={String(props.total)} form="bulk-form" />
    </p>
  )
}

/** Credentials for all selected devices: typed ones, or (admins) a credential profile. */
function BulkCredentials(props: { profiles: { id: string; name: string }[] }) {
  return (
    <fieldset class="bulk-credentials">
      <legend>Credentials</legend>
      <label class="field">
        <span>Change credentials</span>
        <select name="credential_profile_id">
          <option value="">Keep each device's credentials</option>
          <option value="typed">Use the user name and password below</option>
          {props.profiles.map((p) => (
            <option value={p.id}>Profile: {p.name}</option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>User name</span>
        <input name="username" autocomplete="off" />
      </label>
      <label class="field">
        <span>Password</span>
        <input name="password" type="password" autocomplete="new-password" />
      </label>
    </fieldset>
  )
}

/**
 * Bulk edit of the devices ticked in the table (their checkboxes point here with form="bulk-form",
 * so the table can be swapped by htmx without losing this form). Empty fields change nothing.
 */
export function DeviceBulkForm(props: {
  options: DeviceFilterOptions
  csrfToken: string
  returnTo: string
  /** credential profiles an admin may give the devices (empty for operators) */
  profiles?: { id: string; name: string }[]
}) {
  const o = props.options
  return (
    <details class="card bulk-edit">
      <summary>Bulk edit selected devices</summary>
      <form id="bulk-form" method="post" action="/devices/bulk">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="return_to" value={props.returnTo} />
        <div class="card-grid">
          <LabelSelect
            name="site"
            label="Site"
            first="Keep site"
            refs={o.sites}
            extra={{ value: 'none', label: 'No site' }}
          />
          <LabelSelect name="add_tag_ids" label="Add tag" first="—" refs={o.tags} />
          <LabelSelect name="remove_tag_ids" label="Remove tag" first="—" refs={o.tags} />
          <LabelSelect name="add_group_ids" label="Add to group" first="—" refs={o.groups} />
          <LabelSelect
            name="remove_group_ids"
            label="Remove from group"
            first="—"
            refs={o.groups}
          />
          <label class="field">
            <span>Polling</span>
            <select name="enabled">
              <option value="">Keep</option>
              <option value="enable">Enable</option>
              <option value="disable">Disable</option>
            </select>
          </label>
          <label class="field">
            <span>Poll interval (s)</span>
            <input type="number" name="poll_interval_s" min="10" max="86400" placeholder="Keep" />
          </label>
        </div>
        <BulkCredentials profiles={props.profiles ?? []} />
        <p class="muted">
          Applies to the devices ticked in the table (the header box ticks the whole page), or to
          all devices matching the filter when that box above the table is ticked.
        </p>
        <button type="submit" class="button button-primary">
          Apply to selected
        </button>
      </form>
    </details>
  )
}
