import type { Child } from 'hono/jsx'

interface FieldProps {
  label: string
  name: string
  type?: 'text' | 'password' | 'email' | 'number' | 'url' | 'search'
  value?: string
  error?: string
  hint?: Child
  required?: boolean
  autocomplete?: string
  autofocus?: boolean
  placeholder?: string
  minlength?: number
  maxlength?: number
}

/** A labelled input with its hint and error message wired up for screen readers. */
export function Field(props: FieldProps) {
  const id = `f-${props.name}`
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ')
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        placeholder={props.placeholder}
        minlength={props.minlength}
        maxlength={props.maxlength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

interface SelectFieldProps {
  label: string
  name: string
  options: { value: string; label: string }[]
  value?: string
  error?: string
  hint?: Child
}

/** A labelled select with the same error/hint wiring as Field. */
export function SelectField(props: SelectFieldProps) {
  const id = `f-${props.name}`
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

/** A message about the whole form (e.g. "Incorrect user name or password."). */
export function FormError(props: { message?: string }) {
  if (!props.message) return null
  return (
    <p class="form-error" role="alert">
      {props.message}
    </p>
  )
}
