// Answer schemas of the notification channels API (issue 13).
import { z } from 'zod'
import { epochMs, id } from './common.ts'

export const channelOutSchema = z.object({
  id,
  type: z.enum(['email', 'webhook', 'slack', 'teams', 'telegram', 'ntfy']),
  typeTitle: z.string(),
  name: z.string(),
  target: z.string().describe('where messages go, without tokens'),
  minSeverity: z.enum(['info', 'warning', 'critical']),
  scopeKind: z.enum(['tenant', 'site', 'tag', 'device']),
  scopeId: z.string().nullable(),
  enabled: z.boolean(),
  isDefault: z.boolean().describe('default route: takes every alert no other channel took'),
  settings: z.record(z.string(), z.unknown()).describe('plain settings of the type; secrets are never returned'),
  secretsSet: z.array(z.string()).describe('which secret settings hold a value'),
  createdAt: epochMs,
  updatedAt: epochMs,
})

export const channelDeliveryOutSchema = z.object({
  id,
  alertId: id.nullable(),
  event: z.string().describe('opened | acknowledged | resolved | test | digest'),
  state: z.enum(['pending', 'sent', 'failed', 'cancelled']),
  attempts: z.number().int(),
  nextAttemptAt: epochMs,
  lastError: z.string().nullable(),
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
})

export const testSendOutSchema = z.object({
  ok: z.boolean(),
  error: z.string().nullable().describe('plain words when the test failed'),
  ms: z.number().int(),
})
