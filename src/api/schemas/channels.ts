// Answer schemas of the notification channels API (issue 13).
import { z } from 'zod'
import { deliveryOutSchema } from './alerts.ts'
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
  settings: z
    .record(z.string(), z.unknown())
    .describe('plain settings of the type; secrets are never returned'),
  secretsSet: z.array(z.string()).describe('which secret settings hold a value'),
  createdAt: epochMs,
  updatedAt: epochMs,
})

/** A delivery as the alert shows it, minus the channel (known here), plus the alert it was for. */
export const channelDeliveryOutSchema = deliveryOutSchema
  .omit({ channelId: true, channelName: true })
  .extend({
    alertId: id.nullable().describe('null for tests and digests'),
  })

export const testSendOutSchema = z.object({
  ok: z.boolean(),
  error: z.string().nullable().describe('plain words when the test failed'),
  ms: z.number().int(),
})
