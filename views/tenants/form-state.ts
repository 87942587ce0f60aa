/** A form's submitted values and field messages, for re-rendering it after a 422. */
export interface FormState {
  values?: Record<string, string | string[]>
  fields?: Record<string, string>
}

/** One submitted value as text (the first when repeated). */
export function formValue(state: FormState | undefined, name: string): string {
  const v = state?.values?.[name]
  return typeof v === 'string' ? v : (v?.[0] ?? '')
}
