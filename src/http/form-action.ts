// Form handling shared by the admin page routes: read and validate the body, run the use case,
// and turn a ValidationError (from the schema or the service) into a re-renderable form state.
import type { Context } from 'hono'
import type { z } from 'zod'
import type { FormState } from '../../views/tenants/form-state.ts'
import { ValidationError } from './errors.ts'
import { readForm, safeValues, validateForm } from './forms.ts'

export type FormOutcome<T> = { ok: true; value: T } | { ok: false; state: FormState }

/**
 * @example const r = await formAction(c, tenantFormSchema, (d) => createTenant(deps, actor, d.name))
 *          if (!r.ok) return renderPage(c, 422, r.state)
 */
export async function formAction<S extends z.ZodType, T>(
  c: Context,
  schema: S,
  run: (data: z.output<S>) => Promise<T>,
): Promise<FormOutcome<T>> {
  const values = await readForm(c)
  const form = validateForm(schema, values)
  if (!form.ok) return { ok: false, state: { values: form.values, fields: form.fields } }
  try {
    return { ok: true, value: await run(form.data) }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    return { ok: false, state: { values: safeValues(values), fields: { ...err.fields } } }
  }
}
