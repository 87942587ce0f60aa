// Form parsing for routes: read the urlencoded/multipart body once, validate it with a zod schema,
// and turn issues into per-field messages that the …Form views render next to each input.
import type { Context } from 'hono'
import type { z } from 'zod'
import { BadRequestError, ValidationError } from './errors.ts'

export type FormValues = Record<string, string | string[]>
export type FieldErrors = Record<string, string>

export type FormResult<T> =
  { ok: true; data: T; values: FormValues } | { ok: false; fields: FieldErrors; values: FormValues }

/** Field names never echoed back into a re-rendered form. */
const SECRET_FIELD = /password|secret|token|_csrf/i

/**
 * The parsed form body. A body the runtime cannot parse (multipart without a boundary, or cut
 * off before its closing boundary) is the client's fault: 400, not a 500 "bug". Hono caches the
 * parse, so the CSRF check and the route both get the same answer.
 */
export async function readBody(
  c: Context,
  options: { all?: boolean } = {},
): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody(options)
  } catch (cause) {
    throw new BadRequestError('The form data could not be read. Reload the page and try again.', {
      cause,
    })
  }
}

/** Reads the body as string fields (files dropped); repeated names become arrays. */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await readBody(c, { all: true })
  const values: FormValues = {}
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value
    else if (Array.isArray(value)) {
      const strings = value.filter((v): v is string => typeof v === 'string')
      values[key] = strings.length === 1 ? (strings[0] as string) : strings
    }
  }
  return values
}

/** Validates values; the first message per field wins. Issues with no path go to `_form`. */
export function validateForm<S extends z.ZodType>(
  schema: S,
  values: FormValues,
): FormResult<z.output<S>> {
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data, values }
  const fields: FieldErrors = {}
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form'
    fields[key] ??= issue.message
  }
  return { ok: false, fields, values: safeValues(values) }
}

/** The submitted values without secrets, for re-rendering a form after an error. */
export function safeValues(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_FIELD.test(k)))
}

/** Reads and validates the form, or throws ValidationError (422) carrying the field messages. */
export async function parseForm<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const result = validateForm(schema, await readForm(c))
  if (!result.ok) throw new ValidationError(result.fields)
  return result.data
}

/** Reads one string field (first value when repeated). */
export function field(values: FormValues, name: string): string {
  const v = values[name]
  return typeof v === 'string' ? v : (v?.[0] ?? '')
}
