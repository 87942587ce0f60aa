// The second half of validating an API body: after the camelCase shape passed, the form schema
// itself (with its cross-field rules) checks the values under their form names.
import type { z } from 'zod'
import type { CamelSchema } from '../http/api-casing.ts'
import { AppError, ValidationError } from '../lib/errors.ts'

/**
 * Parses API values (camelCase keys; `formKeys` when they already carry form names) with the form
 * schema; ValidationError names each bad field (the error handler turns names into camelCase).
 */
export function formParse<S extends z.ZodObject>(
  api: CamelSchema<S>,
  value: Record<string, unknown>,
  formKeys = false,
): z.output<S> {
  const r = api.form.safeParse(formKeys ? value : api.toForm(value))
  if (r.success) return r.data
  const fields: Record<string, string> = {}
  for (const issue of r.error.issues)
    fields[issue.path.map(String).join('.') || '_body'] ??= issue.message
  throw new ValidationError(fields)
}

/** A save refused because the device did not answer with the new settings. */
export class CheckFailedError extends AppError {
  override readonly name = 'CheckFailedError'
  readonly status = 422 as const
  constructor(check: { ok: boolean; message?: string }) {
    super(check.message ?? 'The device did not answer.', 'check_failed')
  }
}
