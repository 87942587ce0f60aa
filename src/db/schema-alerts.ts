// Table interfaces of migration 0010-alerts (owned by ALERTS). Merged into the Database interface
// by schema.ts, like schema-devices.ts.
import type { Generated } from 'kysely'
import type { TenantId } from '../lib/ids.ts'
import type { Bool } from './schema.ts'
import type { DeviceId } from './schema-devices.ts'

export type AlertSeverity = 'info' | 'warning' | 'critical'
export type AlertState = 'open' | 'acknowledged' | 'resolved'
export type AlertScopeKind = 'tenant' | 'site' | 'tag' | 'device'

/** One rule: what to watch, when it fires, how bad it is and where it applies. */
export interface AlertRulesTable {
  id: string
  tenant_id: TenantId
  name: string
  /** a RuleKind of src/alerts/rules.ts */
  kind: string
  /** sensor or interface name for labelled metrics; null = any */
  label: string | null
  comparison: '>' | '<'
  threshold: number
  /** how long the condition must hold before the alert opens */
  duration_s: number
  /** and for how many consecutive polls */
  polls: number
  /** how far back past the threshold a value must come before the alert resolves */
  hysteresis: number
  severity: AlertSeverity
  scope_kind: AlertScopeKind
  scope_id: string | null
  is_enabled: Bool
  is_default: Bool
  created_at: number
  updated_at: number
}

/** An alert: opened by a rule for one device (and label), acknowledged, resolved. Kept as history. */
export interface AlertsTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  /** no foreign key: history outlives a deleted rule */
  rule_id: string
  rule_name: string
  kind: string
  label: string | null
  severity: AlertSeverity
  state: AlertState
  value: number | null
  threshold: number | null
  message: string
  opened_at: number
  acked_at: number | null
  acked_by: string | null
  ack_note: string | null
  resolved_at: number | null
  /** opened inside a maintenance window: recorded, not notified */
  is_silenced: Bool
}

/** Per-tenant alerting state: when the default rules were created (once, so deleting one sticks). */
export interface AlertTenantStateTable {
  tenant_id: TenantId
  defaults_created_at: number
}

export type ChannelKind = 'email' | 'webhook' | 'slack' | 'teams' | 'telegram' | 'ntfy'

/** A notification channel; it is also a route: which severities and which scope it receives. */
export interface AlertChannelsTable {
  id: string
  tenant_id: TenantId
  kind: ChannelKind
  name: string
  /** non-secret settings (URL, recipients, topic, …) */
  config_json: string
  /** secret settings (webhook secret, bot token, SMTP password, …) sealed with the tenant key */
  secret_enc: string | null
  min_severity: AlertSeverity
  scope_kind: AlertScopeKind
  scope_id: string | null
  is_enabled: Bool
  created_at: number
  updated_at: number
  /** migration 0014: the default route (takes what no other channel's route took) */
  is_default: Generated<Bool>
}

export type OutboxState = 'pending' | 'sent' | 'failed' | 'cancelled'

/** One message to one channel, committed before it is sent and retried with backoff. */
export interface AlertOutboxTable {
  id: string
  tenant_id: TenantId
  /** no foreign key: a message outlives a deleted channel (it is cancelled and says why) */
  channel_id: string
  alert_id: string | null
  /** opened | acknowledged | resolved | test | digest */
  event: string
  payload_json: string
  state: OutboxState
  attempts: number
  next_attempt_at: number
  last_error: string | null
  created_at: number
  sent_at: number | null
  /** migration 0014: grouped into this flood digest row (its outcome is this message's) */
  digest_id: Generated<string | null>
}

export interface AlertTables {
  alert_rules: AlertRulesTable
  alerts: AlertsTable
  alert_tenant_state: AlertTenantStateTable
  alert_channels: AlertChannelsTable
  alert_outbox: AlertOutboxTable
}

export const alertTableNames = {
  alert_rules: true,
  alerts: true,
  alert_tenant_state: true,
  alert_channels: true,
  alert_outbox: true,
} as const satisfies Record<keyof AlertTables, true>
