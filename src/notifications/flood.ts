// Flood control: when more than `limit` alerts of one tenant were queued for notification within
// a minute, the tenant's fresh messages are no longer sent one by one. Per channel they are
// grouped into one digest message, at most one digest per channel and window; what arrives after
// a digest waits for the next window. A storm (a site losing power) then costs each channel a
// handful of messages instead of hundreds, and nothing is dropped: every grouped message points at
// its digest (digest_id) and shows the digest's outcome.
import type { AlertMessage } from '../alerts/index.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import {
  countRecentAlerts,
  findRecentDigest,
  groupIntoDigest,
  insertOutboxRow,
  type OutboxRow,
} from './channels.repo.ts'
import { digestLine } from './senders/message-text.ts'

const ALERT_EVENTS = new Set(['opened', 'acknowledged', 'resolved'])
export const FLOOD_WINDOW_MS = 60_000

/** The rows to send now: `due` with a flooded tenant's fresh messages replaced by digests. */
export async function applyFloodControl(
  scope: TenantScope,
  due: readonly OutboxRow[],
  now: number,
  limit: number,
): Promise<OutboxRow[]> {
  const fresh = due.filter((r) => r.attempts === 0 && ALERT_EVENTS.has(r.event))
  if (fresh.length === 0) return [...due]
  // a message held back by an earlier digest goes into the next digest even if the storm is over
  const held = fresh.some((r) => r.next_attempt_at > r.created_at)
  if (!held && (await countRecentAlerts(scope, now - FLOOD_WINDOW_MS)) <= limit) return [...due]
  const out = due.filter((r) => !fresh.includes(r))
  const byChannel = new Map<string, OutboxRow[]>()
  for (const r of fresh) byChannel.set(r.channel_id, [...(byChannel.get(r.channel_id) ?? []), r])
  for (const [channelId, rows] of byChannel) {
    const digest = await scope.transaction(async (tx) => {
      const last = await findRecentDigest(tx, channelId, now - FLOOD_WINDOW_MS)
      if (last !== undefined) {
        // held until the window of the last digest is over, then grouped into the next one
        await tx
          .updateTable('alert_outbox')
          .set({ next_attempt_at: last.created_at + FLOOD_WINDOW_MS })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .where('state', '=', 'pending')
          .execute()
        return undefined
      }
      return insertDigest(tx, channelId, rows, now)
    })
    if (digest !== undefined) out.push(digest)
  }
  return out
}

async function insertDigest(
  scope: TenantScope,
  channelId: string,
  rows: readonly OutboxRow[],
  now: number,
): Promise<OutboxRow> {
  const msgs = rows.map((r) => JSON.parse(r.payload_json) as AlertMessage)
  const msg: AlertMessage = {
    event: 'digest',
    tenantId: scope.tenantId,
    at: now,
    alert: null,
    digest: { count: msgs.length, lines: msgs.map(digestLine) },
  }
  const row: OutboxRow = {
    id: newId(now),
    tenant_id: scope.tenantId,
    channel_id: channelId,
    alert_id: null,
    event: 'digest',
    payload_json: JSON.stringify(msg),
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    last_error: null,
    created_at: now,
    sent_at: null,
    digest_id: null,
  }
  const { tenant_id: _t, ...insert } = row
  await insertOutboxRow(scope, insert)
  await groupIntoDigest(
    scope,
    rows.map((r) => r.id),
    row.id,
  )
  return row
}
