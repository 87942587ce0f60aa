import { CsrfField } from './csrf-field.tsx'

interface ConfirmButtonProps {
  action: string
  label: string
  /** Question asked before submitting (assets/app.js; without JS the form submits directly). */
  confirm: string
  csrfToken: string
  tone?: 'danger' | 'default'
  /** Extra hidden fields. */
  fields?: Record<string, string>
}

/** A one-button POST form for actions such as disable, revoke or delete. */
export function ConfirmButton(props: ConfirmButtonProps) {
  return (
    <form method="post" action={props.action} class="inline-form" data-confirm={props.confirm}>
      <CsrfField token={props.csrfToken} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.tone === 'danger' ? 'button button-danger' : 'button'}>
        {props.label}
      </button>
    </form>
  )
}
