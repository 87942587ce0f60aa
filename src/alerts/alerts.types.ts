// What views and the API may import from the alerts domain.
import type { AlertSeverity, AlertState, OutboxState } from '../db/schema-alerts.ts'
import type { Rule } from './rules.ts'

export type { AlertSeverity, AlertState, OutboxState, Rule }

export interface AlertView {
  id: string
  deviceId: string
  deviceName: string
  ruleId: string
  rule: string
  kind: string
  label: string | null
  severity: AlertSeverity
  state: AlertState
  value: number | null
  threshold: number | null
  message: string
  openedAt: number
  ackedAt: number | null
  ackedBy: string | null
  ackNote: string | null
  resolvedAt: number | null
  silenced: boolean
}

export interface DeliveryView {
  id: string
  channelId: string
  channelName: string
  event: string
  state: OutboxState
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  createdAt: number
  sentAt: number | null
}
