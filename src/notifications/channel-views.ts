// Rows to views: what a page or the API may see of a channel (never a secret, only which secret
// settings are set) and of a delivery.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { KeyDeps } from '../device-access/index.ts'
import { openSettings } from './channel-settings.ts'
import type { ChannelRow, OutboxRow } from './channels.repo.ts'
import type { ChannelDeliveryView, ChannelView } from './channels.types.ts'
import { senderOf } from './senders/index.ts'

export async function channelView(
  deps: KeyDeps,
  scope: TenantScope,
  r: ChannelRow,
): Promise<ChannelView> {
  const sender = senderOf(r.kind)
  let target = '(settings cannot be opened)'
  let secretsSet: string[] = []
  const settings = JSON.parse(r.config_json) as Record<string, unknown>
  try {
    const s = await openSettings(deps, scope, r)
    target = sender.target(s.config, s.secret)
    secretsSet = Object.entries(s.secret)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k]) => k)
  } catch {
    // a sealed value that no longer opens (restored without its key): the page says so instead of failing
  }
  return {
    id: r.id,
    type: r.kind,
    typeTitle: sender.title,
    name: r.name,
    target,
    minSeverity: r.min_severity,
    scopeKind: r.scope_kind,
    scopeId: r.scope_id,
    enabled: r.is_enabled === 1,
    isDefault: r.is_default === 1,
    settings,
    secretsSet,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function deliveryView(o: OutboxRow): ChannelDeliveryView {
  return {
    id: o.id,
    alertId: o.alert_id,
    event: o.event,
    state: o.state,
    attempts: o.attempts,
    nextAttemptAt: o.next_attempt_at,
    lastError: o.last_error,
    createdAt: o.created_at,
    sentAt: o.sent_at,
  }
}
