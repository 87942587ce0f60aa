import type { ScopeOption, WindowView } from '../../src/maintenance/maintenance.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { formValue, type FormState } from '../tenants/form-state.ts'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

export interface MaintenanceFormProps {
  action: string
  window?: WindowView | undefined
  options: ScopeOption[]
  timeZone: string
  csrfToken: string
  state?: FormState | undefined
}

function initial(w: WindowView | undefined): Record<string, string | string[]> {
  if (w === undefined)
    return { kind: 'once', scopeKind: 'tenant', startTime: '02:00', durationMin: '60' }
  return {
    name: w.name,
    scopeKind: w.scopeKind,
    scopeId: w.scopeId ?? '',
    kind: w.kind,
    startsAt: w.startsLocal,
    endsAt: w.endsLocal,
    days: w.days,
    startTime: w.startTime,
    durationMin: String(w.durationMin),
  }
}

function Err(props: { state: FormState | undefined; name: string }) {
  const m = props.state?.fields?.[props.name]
  return m === undefined ? null : <p class="field-error">{m}</p>
}

/** Create or edit a window; re-rendered with messages on 422. */
export function MaintenanceForm(p: MaintenanceFormProps) {
  const state: FormState = {
    values: p.state?.values ?? initial(p.window),
    fields: p.state?.fields ?? {},
  }
  const v = (n: string) => formValue(state, n)
  const days = state.values?.days
  const ticked = new Set(Array.isArray(days) ? days : typeof days === 'string' ? [days] : [])
  return (
    <form method="post" action={p.action} class="stack" id="maintenance-form">
      <CsrfField token={p.csrfToken} />
      <Err state={state} name="_form" />
      <label>
        Name <input name="name" value={v('name')} required maxlength={100} />
      </label>
      <Err state={state} name="name" />
      <fieldset>
        <legend>Applies to</legend>
        <label>
          Scope
          <select name="scopeKind">
            {(['tenant', 'site', 'tag', 'device'] as const).map((k) => (
              <option value={k} selected={v('scopeKind') === k}>
                {k === 'tenant' ? 'the whole tenant' : k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site, tag or device
          <select name="scopeId">
            <option value="">—</option>
            {p.options.map((o) => (
              <option value={o.id} selected={v('scopeId') === o.id}>
                {o.kind}: {o.name}
              </option>
            ))}
          </select>
        </label>
        <Err state={state} name="scopeId" />
      </fieldset>
      <fieldset>
        <legend>When (time zone {p.timeZone})</legend>
        <label>
          <input type="radio" name="kind" value="once" checked={v('kind') !== 'weekly'} /> One-off
        </label>
        <label>
          From <input type="datetime-local" name="startsAt" value={v('startsAt')} />
        </label>
        <Err state={state} name="startsAt" />
        <label>
          Until <input type="datetime-local" name="endsAt" value={v('endsAt')} />
        </label>
        <Err state={state} name="endsAt" />
        <label>
          <input type="radio" name="kind" value="weekly" checked={v('kind') === 'weekly'} /> Every
          week
        </label>
        <div>
          {WEEKDAYS.map((d) => (
            <label class="inline">
              <input type="checkbox" name="days" value={d} checked={ticked.has(d)} /> {d}
            </label>
          ))}
        </div>
        <Err state={state} name="days" />
        <label>
          Start time <input type="time" name="startTime" value={v('startTime')} />
        </label>
        <Err state={state} name="startTime" />
        <label>
          Duration (minutes){' '}
          <input type="number" name="durationMin" min={1} value={v('durationMin')} />
        </label>
        <Err state={state} name="durationMin" />
      </fieldset>
      <button type="submit" class="button">
        Save
      </button>{' '}
      <a href="/maintenance">Cancel</a>
    </form>
  )
}
