// Browser form quirks, handled before validation: an unticked checkbox is simply absent.
import type { FormValues } from '../http/forms.ts'

export function deviceFormValues(values: FormValues): FormValues {
  return { ...values, is_enabled: values.is_enabled === 'on' ? 'on' : 'false' }
}

/** Defaults of the add form. */
export const NEW_DEVICE_VALUES: FormValues = {
  transport: 'api',
  tls_mode: 'insecure',
  is_enabled: 'on',
  poll_interval_s: '60',
}
