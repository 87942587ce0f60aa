// Answer schemas of the alerts API.
import { z } from 'zod'
import { epochMs, id } from './common.ts'

const severity = z.enum(['info', 'warning', 'critical'])

export const alertOutSchema = z.object({
  id,
  deviceId: id,
  deviceName: z.string(),
  ruleId: id,
  rule: z.string().describe('name of the rule that opened it'),
  kind: z.string(),
  label: z.string().nullable().describe('sensor or interface name'),
  severity,
  state: z.enum(['open', 'acknowledged', 'resolved']),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  message: z.string(),
  openedAt: epochMs,
  ackedAt: epochMs.nullable(),
  ackedBy: z.string().nullable(),
  ackNote: z.string().nullable(),
  resolvedAt: epochMs.nullable(),
  silenced: z.boolean().describe('opened inside a maintenance window: recorded, not notified'),
})

export const deliveryOutSchema = z.object({
  id,
  channelId: id,
  channelName: z.string(),
  event: z.string(),
  state: z.enum(['pending', 'sent', 'failed', 'cancelled']),
  attempts: z.number().int(),
  nextAttemptAt: epochMs,
  lastError: z.string().nullable(),
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
})

export const ruleOutSchema = z.object({
  id,
  name: z.string(),
  kind: z.string(),
  label: z.string().nullable(),
  comparison: z.enum(['>', '<']),
  threshold: z.number(),
  durationS: z.number().int(),
  polls: z.number().int(),
  hysteresis: z.number(),
  severity,
  scopeKind: z.enum(['tenant', 'site', 'tag', 'device']),
  scopeId: z.string().nullable(),
  enabled: z.boolean(),
})
