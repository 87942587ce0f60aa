import { z } from 'zod'
import { textRule } from '../lib/input-rules.ts'

/** API keys act for a tenant with at most the operator role: an admin key could mint more keys. */
export const API_KEY_ROLES = ['operator', 'viewer'] as const

export const createApiKeySchema = z.object({
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(1, { error: 'Enter a name.' })
    .max(80, { error: 'Use at most 80 characters.' })
    .superRefine(textRule('name')),
  role: z.enum(API_KEY_ROLES, { error: 'Choose operator or viewer.' }),
})
