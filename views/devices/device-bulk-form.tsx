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
 * Bulk edit of the devices ticked in the table (their checkboxes point here with form="bulk-form",
 * so the table can be swapped by htmx without losing this form). Empty fields change nothing.
 */
export function DeviceBulkForm(props: {
  options: DeviceFilterOptions
  csrfToken: string
  returnTo: string
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
        <button type="submit" class="button button-primary">
          Apply to selected
        </button>
      </form>
    </details>
  )
}
