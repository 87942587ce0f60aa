import { z } from 'zod'
import { textRule } from '../lib/input-rules.ts'

export const MEMBERSHIP_ROLES = ['admin', 'operator', 'viewer'] as const

/** A tenant (customer) name as typed by a super admin. */
export const tenantNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(80, { error: 'Use at most 80 characters.' })
  .superRefine(textRule('name'))

export const tenantFormSchema = z.object({ name: tenantNameSchema })

/** Deleting a tenant asks for its name, typed again, as confirmation. */
export const deleteTenantSchema = z.object({
  confirm: z.string({ error: 'Type the tenant name to confirm.' }).trim(),
})

export const membershipRoleSchema = z.enum(MEMBERSHIP_ROLES, {
  error: 'Choose admin, operator or viewer.',
})

export const addMembershipSchema = z.object({
  username: z
    .string({ error: 'Enter a user name.' })
    .trim()
    .min(1, { error: 'Enter a user name.' }),
  role: membershipRoleSchema,
})

export const membershipRoleFormSchema = z.object({ role: membershipRoleSchema })

/** JSON body of PATCH /api/v1/tenants/:tenantId. */
export const tenantPatchSchema = z
  .object({ name: tenantNameSchema.optional(), disabled: z.boolean().optional() })
  .strict()
