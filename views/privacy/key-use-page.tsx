import type { KeyUseFilter, KeyUsePage } from '../../src/privacy/privacy.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** Tenant admins: every use of the tenant's key (device credentials, backups, channel secrets). */
export function KeyUsePageView(props: {
  data: KeyUsePage
  filter: Pick<KeyUseFilter, 'from' | 'to' | 'purpose' | 'actor' | 'unusual'>
  fields?: Record<string, string>
  csvHref: string
}) {
  const f = props.filter
  const e = props.fields ?? {}
  const flagged = props.data.rows.filter((r) => r.unusual.length > 0).length
  return (
    <>
      <div class="page-header">
        <h1>Key use</h1>
        <a class="button" href={props.csvHref}>
          Export CSV
        </a>
      </div>
      <p class="muted">
        Each time this tenant's key decrypts a secret (device credentials for a poll, a check, an
        SSH session or a change; backup contents; channel secrets), it is counted here: one line per
        hour, purpose, subject and user or job. Kept 90 days.
      </p>
      <form
        method="get"
        action="/key-use"
        class="card filters"
        role="search"
        aria-label="Key-use filters"
      >
        <FormError message={e._form} />
        <SelectField
          label="Purpose"
          name="purpose"
          value={f.purpose}
          options={[
            { value: '', label: 'Any purpose' },
            ...props.data.purposes.map((p) => ({ value: p, label: p })),
          ]}
        />
        <Field label="User or job" name="actor" value={f.actor} error={e.actor} />
        <div class={e.from ? 'field field-invalid' : 'field'}>
          <label for="f-from">From (UTC)</label>
          <input id="f-from" name="from" type="date" value={f.from} />
          {e.from && <p class="field-error">{e.from}</p>}
        </div>
        <div class={e.to ? 'field field-invalid' : 'field'}>
          <label for="f-to">To (UTC)</label>
          <input id="f-to" name="to" type="date" value={f.to} />
          {e.to && <p class="field-error">{e.to}</p>}
        </div>
        <label class="checkbox">
          <input type="checkbox" name="unusual" value="true" checked={f.unusual} /> Only unusual use
        </label>
        <button type="submit" class="button">
          Filter
        </button>
      </form>
      {flagged > 0 && (
        <p class="notice" role="status">
          {flagged} {flagged === 1 ? 'line stands' : 'lines stand'} out: a first use by a user, a
          burst, or many subjects in one hour.
        </p>
      )}
      {props.data.truncated && (
        <p class="muted">Only the newest 5,000 lines are shown: narrow the period or filters.</p>
      )}
      <DataTable
        caption="Key use, newest first"
        headers={['Hour (UTC)', 'Purpose', 'Subject', 'By', 'Uses', 'Notes']}
        isEmpty={props.data.rows.length === 0}
        empty={<p class="muted">No key use in this period.</p>}
      >
        {props.data.rows.map((r) => (
          <tr class={r.unusual.length > 0 ? 'row-warn' : undefined}>
            <td title={`first ${utc(r.firstAt)}, last ${utc(r.lastAt)}`}>{utc(r.hour)}</td>
            <td>{r.purpose}</td>
            <td>
              {r.subjectType === 'device' ? (
                <a href={`/devices/${r.subjectId}`}>{r.subjectLabel}</a>
              ) : (
                `${r.subjectType} ${r.subjectLabel}`
              )}
            </td>
            <td>
              {r.actorName}{' '}
              {r.actorKind !== 'user' && <StatusBadge label={r.actorKind} tone="muted" />}
            </td>
            <td class="num">{r.count}</td>
            <td>
              {r.unusual.map((u) => (
                <StatusBadge label={u} tone="warn" />
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  )
}
