// One casing on /api/v1: field names are camelCase in bodies, queries, answers and error field
// keys. The HTML forms (and the zod schemas behind them) keep their snake_case field names; the
// API renames keys at its edge so both validate with the very same schema.
import { z } from 'zod'

/** Form names whose plain camelCase would read worse than the name the answers use. */
const RENAMES: Readonly<Record<string, string>> = { is_enabled: 'enabled', per_page: 'pageSize' }

/** `api_port` → `apiPort`; `_body` and names without `_` are left as they are. */
export function apiKey(key: string): string {
  const renamed = RENAMES[key]
  if (renamed !== undefined) return renamed
  if (key.startsWith('_')) return key
  return key.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase())
}

/** An error field path such as `3.tls_mode` → `3.tlsMode`. */
export function apiFieldPath(path: string): string {
  return path.split('.').map(apiKey).join('.')
}

/** Error field keys as the API names them. */
export function apiFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(fields)) out[apiFieldPath(k)] ??= v
  return out
}

export interface CamelSchema<S extends z.ZodObject> {
  /** what a JSON body or query must look like (camelCase keys; documented in OpenAPI) */
  schema: z.ZodObject
  /** the same fields, each optional (PATCH bodies) */
  partial: z.ZodObject
  /** the form field name of each API key */
  formKeys: Readonly<Record<string, string>>
  /** API keys → form keys, ready for the form schema `S` */
  toForm(value: Record<string, unknown>): Record<string, unknown>
  readonly form: S
}

/**
 * The camelCase twin of a form schema: the same field schemas under API names. A field the form
 * accepts missing (it has a default) is optional here too, so the document says so.
 * @example const api = camelSchema(deviceCreateSchema); deviceCreateSchema.parse(api.toForm(body))
 */
export function camelSchema<S extends z.ZodObject>(
  form: S,
  omit: readonly string[] = [],
): CamelSchema<S> {
  const shape: Record<string, z.ZodType> = {}
  const formKeys: Record<string, string> = {}
  for (const [key, field] of Object.entries(form.shape as Record<string, z.ZodType>)) {
    if (omit.includes(key)) continue
    const name = apiKey(key)
    shape[name] = field.safeParse(undefined).success ? field.optional() : field
    formKeys[name] = key
  }
  const schema = z.strictObject(shape)
  return {
    schema,
    partial: schema.partial(),
    formKeys,
    form,
    toForm(value) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[formKeys[k] ?? k] = v
      return out
    },
  }
}
