// zod schemas of change sets: the JSON API's body and the check every caller's input passes
// (the service parses again, so fleet jobs and the editor get the same rules as the API).
import { z } from 'zod'

// `.id` picks one item exactly (restore uses it; ids are what the device printed)
const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(\.id|[a-z0-9][a-z0-9.-]*)$/, 'a RouterOS property name (lower case, digits, - and .)')
const values = z
  .record(name, z.string().max(4096))
  .refine((v) => Object.keys(v).length <= 64, 'at most 64 properties')
const path = z
  .string()
  .min(2)
  .max(200)
  .regex(/^(\/[a-z0-9][a-z0-9.-]*)+$/, 'a RouterOS path such as /ip/address')

export const operationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path, values, before: values.optional() }).strict(),
  z.object({ op: z.literal('set'), path, where: values.optional(), values }).strict(),
  z
    .object({ op: z.enum(['remove', 'enable', 'disable']), path, where: values.optional() })
    .strict(),
  z
    .object({ op: z.literal('move'), path, where: values.optional(), before: values.optional() })
    .strict(),
  z
    .object({
      op: z.literal('script'),
      lines: z.array(z.string().min(1).max(4096)).min(1).max(500),
    })
    .strict(),
])

export const operationsSchema = z
  .array(operationSchema)
  .min(1, 'a change set needs at least one operation')
  .max(500)

export const changeSetSchema = z.object({
  operations: operationsSchema,
  mode: z.enum(['standard', 'safe']).default('safe'),
  confirm: z.enum(['auto', 'manual']).default('auto'),
  windowS: z
    .number()
    .int()
    .min(10)
    .max(3600)
    .optional()
    .describe('confirmation window in seconds (default: the tenant setting, 120)'),
})
