// Answer schemas of the administration endpoints: me, tenants, users, API keys, audit.
import { z } from 'zod'
import { epochMs, id, pageFields, TENANT_ROLES } from './common.ts'

export const meSchema = z.object({
  kind: z.enum(['user', 'api_key']),
  id,
  name: z.string(),
  isSuperAdmin: z.boolean(),
  tenant: z.object({ id, name: z.string() }).nullable(),
  role: z.enum(TENANT_ROLES).nullable(),
})

export const tenantSchema = z.object({
  id,
  name: z.string(),
  createdAt: epochMs,
  isDisabled: z.boolean(),
})
export const tenantSummarySchema = tenantSchema.extend({ memberCount: z.number().int() })

export const memberSchema = z.object({
  membershipId: id,
  userId: id,
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(TENANT_ROLES),
  isDisabled: z.boolean(),
  isSuperAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: epochMs,
})

export const accountSchema = z.object({
  id,
  username: z.string(),
  displayName: z.string().nullable(),
  isSuperAdmin: z.boolean(),
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: epochMs,
  memberships: z.array(
    z.object({ tenantId: id, tenantName: z.string(), role: z.enum(TENANT_ROLES) }),
  ),
})

export const temporaryPasswordSchema = z.object({
  user: memberSchema,
  temporaryPassword: z.string().describe('shown once'),
})

export const apiKeySchema = z.object({
  id,
  name: z.string(),
  prefix: z.string().describe('visible start of the key, e.g. opk_3F9Aab'),
  role: z.enum(['operator', 'viewer']),
  createdAt: epochMs,
  createdBy: z.string().nullable(),
  createdById: z.string().nullable().describe('the user whose membership bounds the key'),
  lastUsedAt: epochMs.nullable(),
  revokedAt: epochMs.nullable(),
  standing: z
    .object({
      state: z.enum(['active', 'limited', 'stopped']),
      effectiveRole: z
        .enum(['operator', 'viewer'])
        .nullable()
        .describe('the role requests with this key get; null when stopped'),
      reason: z.string().nullable(),
    })
    .describe(
      "a key acts with the lower of its own role and its creator's current role, and stops when the creator is disabled or removed",
    ),
})

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: epochMs,
  tenantId: z.string().nullable(),
  tenantName: z.string().nullable(),
  actorKind: z.enum(['user', 'api_key', 'system', 'anonymous']),
  actorName: z.string(),
  ip: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  details: z.string().describe('JSON text, free of secrets'),
})

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), ...pageFields })
