// What views and the API may import from the notifications domain.
import type { DeliveryView } from '../alerts/index.ts'
import type { AlertScopeKind, AlertSeverity, ChannelKind } from '../db/schema-alerts.ts'

export type { AlertScopeKind, AlertSeverity, ChannelKind }

export interface ChannelView {
  id: string
  type: ChannelKind
  typeTitle: string
  name: string
  /** where messages go, without tokens */
  target: string
  minSeverity: AlertSeverity
  scopeKind: AlertScopeKind
  scopeId: string | null
  enabled: boolean
  /** takes every alert no other channel's route took */
  isDefault: boolean
  /** the plain settings (for the edit form and the API); secrets are never here */
  settings: Record<string, unknown>
  /** which secret settings hold a value */
  secretsSet: string[]
  createdAt: number
  updatedAt: number
}

/** One message to a channel, as the delivery log shows it (an alert's delivery without the channel). */
export type ChannelDeliveryView = Omit<DeliveryView, 'channelId' | 'channelName'> & {
  alertId: string | null
}

export interface TestSendResult {
  ok: boolean
  /** plain words when it failed */
  error: string | null
  ms: number
}
