import { z } from 'zod'
import { textRule } from '../lib/input-rules.ts'
import { membershipRoleSchema } from '../tenants/index.ts'

/** User names are matched case-insensitively; keep them to characters safe in logs and URLs. */
export const usernameSchema = z
  .string({ error: 'Enter a user name.' })
  .trim()
  .min(2, { error: 'Use at least 2 characters.' })
  .max(64, { error: 'Use at most 64 characters.' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, {
    error: 'Use letters, digits, dots, dashes, underscores or @, starting with a letter or digit.',
  })

export const displayNameSchema = z
  .string()
  .trim()
  .max(100, { error: 'Use at most 100 characters.' })
  .superRefine(textRule('name'))

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema.optional().default(''),
  role: membershipRoleSchema,
})

/** Asking for an existing account (account-request.service.ts). */
export const accountRequestSchema = z.object({
  username: usernameSchema,
  role: membershipRoleSchema,
})

export const changeRoleSchema = z.object({ role: membershipRoleSchema })

/** JSON body of PATCH /api/v1/users/:userId. */
export const userPatchSchema = z
  .object({ role: membershipRoleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
