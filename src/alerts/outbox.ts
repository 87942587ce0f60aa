// Enqueueing notifications: inside the transaction that opens, acknowledges or resolves an alert,
// one outbox row per channel whose route matches (severity at least the channel's minimum, scope
// covering the device). The dispatcher sends them later; a crash in between loses nothing.
import type { AlertSeverity } from '../db/schema-alerts.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import type { AlertRow } from './alerts.repo.ts'
import { insertOutbox, listChannels, type ChannelRow } from './outbox.repo.ts'

export type MessageEvent = 'opened' | 'acknowledged' | 'resolved' | 'test' | 'digest'

/** What a notifier formats: the alert as it was when the message was queued. */
export interface AlertMessage {
  event: MessageEvent
  tenantId: string
  at: number
  alert: {
    id: string
    deviceId: string
    deviceName: string
    rule: string
    kind: string
    severity: AlertSeverity
    state: string
    message: string
    value: number | null
    threshold: number | null
    openedAt: number
    ackedAt: number | null
    ackedBy: string | null
    ackNote: string | null
    resolvedAt: number | null
    /** link back to the device page (absolute when OUTPOST_PUBLIC_URL is set) */
    url: string
  } | null
  /** a flood digest: the alerts grouped into this one message */
  digest?: { count: number; lines: string[] }
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 }

export function severityAtLeast(s: AlertSeverity, min: AlertSeverity): boolean {
  return RANK[s] >= RANK[min]
}

export interface Place {
  siteId: string | null
  tagIds: readonly string[]
}

/** Does this channel's route take an alert of this severity on this device? */
export function routeMatches(
  ch: ChannelRow,
  severity: AlertSeverity,
  deviceId: string,
  place: Place,
): boolean {
  if (ch.is_enabled !== 1 || !severityAtLeast(severity, ch.min_severity)) return false
  switch (ch.scope_kind) {
    case 'tenant':
      return true
    case 'site':
      return ch.scope_id === place.siteId
    case 'tag':
      return ch.scope_id !== null && place.tagIds.includes(ch.scope_id)
    case 'device':
      return ch.scope_id === deviceId
  }
}

export function alertMessage(
  row: AlertRow,
  deviceName: string,
  event: MessageEvent,
  at: number,
  publicUrl: string,
): AlertMessage {
  return {
    event,
    tenantId: row.tenant_id,
    at,
    alert: {
      id: row.id,
      deviceId: row.device_id,
      deviceName,
      rule: row.rule_name,
      kind: row.kind,
      severity: row.severity,
      state: row.state,
      message: row.message,
      value: row.value,
      threshold: row.threshold,
      openedAt: row.opened_at,
      ackedAt: row.acked_at,
      ackedBy: row.acked_by,
      ackNote: row.ack_note,
      resolvedAt: row.resolved_at,
      url: `${publicUrl}/devices/${row.device_id}`,
    },
  }
}

/** Queues one message per matching channel; returns how many. Call inside the alert's transaction. */
export async function enqueueAlertMessage(
  scope: TenantScope,
  msg: AlertMessage,
  place: Place,
  now: number,
): Promise<number> {
  const a = msg.alert
  if (a === null) return 0
  const all = await listChannels(scope)
  let channels = all.filter((ch) => routeMatches(ch, a.severity, a.deviceId, place))
  // the default route: an alert that no channel's route took goes to the default channel (its
  // minimum severity still applies, its scope does not), so it reaches somebody without wiring
  if (channels.length === 0)
    channels = all.filter(
      (ch) =>
        ch.is_default === 1 && ch.is_enabled === 1 && severityAtLeast(a.severity, ch.min_severity),
    )
  await insertOutbox(
    scope,
    channels.map((ch) => ({
      id: newId(now),
      channel_id: ch.id,
      alert_id: a.id,
      event: msg.event,
      payload_json: JSON.stringify(msg),
      state: 'pending' as const,
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    })),
  )
  return channels.length
}
