import type { AuditQuery } from '../../src/audit/audit.types.ts'
import { Field, FormError, SelectField } from '../components/field.tsx'

export interface AuditFiltersProps {
  query: AuditQuery
  actions: string[]
  /** super admins choose the tenant; undefined for tenant admins */
  tenants?: { id: string; name: string }[]
  fields?: Record<string, string>
}

/** GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters(props: AuditFiltersProps) {
  const q = props.query
  const f = props.fields ?? {}
  return (
    <form
      method="get"
      action="/audit"
      class="card filters"
      role="search"
      aria-label="Audit filters"
    >
      <FormError message={f._form ?? f.page} />
      <Field
        label="Search"
        name="q"
        type="search"
        value={q.q}
        error={f.q}
        placeholder="user, target, IP…"
      />
      <SelectField
        label="Action"
        name="action"
        value={q.action}
        error={f.action}
        options={[
          { value: '', label: 'Any action' },
          ...props.actions.map((a) => ({ value: a, label: a })),
        ]}
      />
      <Field label="Actor" name="actor" value={q.actor} error={f.actor} />
      <SelectField
        label="Outcome"
        name="outcome"
        value={q.outcome}
        error={f.outcome}
        options={[
          { value: '', label: 'Any outcome' },
          { value: 'success', label: 'Success' },
          { value: 'failure', label: 'Failure' },
        ]}
      />
      <div class={f.from ? 'field field-invalid' : 'field'}>
        <label for="f-from">From (UTC)</label>
        <input id="f-from" name="from" type="date" value={q.from} />
        {f.from && <p class="field-error">{f.from}</p>}
      </div>
      <div class={f.to ? 'field field-invalid' : 'field'}>
        <label for="f-to">To (UTC)</label>
        <input id="f-to" name="to" type="date" value={q.to} />
        {f.to && <p class="field-error">{f.to}</p>}
      </div>
      {props.tenants && (
        <SelectField
          label="Tenant"
          name="tenant"
          value={q.tenant}
          error={f.tenant}
          options={[
            { value: '', label: 'All tenants' },
            { value: 'none', label: 'Appliance (no tenant)' },
            ...props.tenants.map((t) => ({ value: t.id, label: t.name })),
          ]}
        />
      )}
      <div class="actions">
        <button type="submit" class="button button-primary">
          Apply
        </button>
        <a class="button" href="/audit">
          Reset
        </a>
      </div>
    </form>
  )
}
