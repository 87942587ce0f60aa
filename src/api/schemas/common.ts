// Answer schemas shared by every /api/v1 route. They describe what the routes send; the OpenAPI
// document is generated from them and a test matches real answers against that document.
import { z } from 'zod'

/** Times are epoch milliseconds. */
export const epochMs = z.number().int().describe('epoch milliseconds')
export const id = z.string().describe('ULID')

/** The one error shape of /api/v1. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('stable snake_case code, e.g. validation_failed, device_not_found'),
    message: z.string().describe('safe to show'),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .describe('422: field (camelCase path) → message; `_body` for the body as a whole'),
    requestId: z.string().optional().describe('500: the id of the log line'),
  }),
})

export const TENANT_ROLES = ['admin', 'operator', 'viewer'] as const

/** Page-based paging (devices, audit): `hasMore` says whether page + 1 has rows. */
export const pageFields = {
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  hasMore: z.boolean(),
}

/** `{ key: value }` as an answer schema. */
export function wrap<K extends string, S extends z.ZodType>(key: K, schema: S) {
  return z.object({ [key]: schema } as { [P in K]: S })
}
