// JSON request bodies for /api/v1: parsed with a zod schema; any problem is a 422 with field
// messages, the same contract as the HTML forms.
import type { Context } from 'hono'
import type { z } from 'zod'
import { ValidationError } from './errors.ts'

/** The validated body, or ValidationError (422) naming each bad field (`_body` for the whole). */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch (cause) {
    throw new ValidationError(
      { _body: 'Send a JSON object.' },
      'The request body is not valid JSON.',
      { cause },
    )
  }
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_body'
    fields[key] ??= issue.message
  }
  throw new ValidationError(fields)
}
