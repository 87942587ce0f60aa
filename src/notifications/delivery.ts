// One delivery attempt of one outbox row: load the channel (gone → cancelled, disabled →
// cancelled), open its secret, send within the timeout, and record the outcome on the row. A
// failure is retried after 1 min, 5 min, 30 min and 2 h (then the row is failed); retry times are
// stored, so they hold across restarts. The words saved in last_error never carry a secret.
import type { AlertMessage } from '../alerts/index.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { KeyDeps } from '../device-access/index.ts'
import { SecretboxError } from '../lib/secretbox.ts'
import type { Logger } from '../log.ts'
import { openSettings } from './channel-settings.ts'
import {
  findChannel,
  updatePendingOutbox,
  type ChannelRow,
  type OutboxRow,
} from './channels.repo.ts'
import { senderOf } from './senders/index.ts'
import { DeliveryError } from './senders/sender.ts'

/** Wait before retry n (after attempt n failed). */
export const RETRY_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000] as const

export interface DeliveryDeps extends KeyDeps {
  readonly log: Logger
  readonly timeoutMs: number
}

export type AttemptOutcome =
  { ok: true; ms: number } | { ok: false; error: string; permanent: boolean; ms: number }

/** Sends `msg` to a channel once; never throws for a failed send. */
export async function sendOnce(
  deps: DeliveryDeps,
  scope: TenantScope,
  channel: ChannelRow,
  msg: AlertMessage,
): Promise<AttemptOutcome> {
  const started = performance.now()
  const ms = () => Math.round(performance.now() - started)
  try {
    const settings = await openSettings(deps, scope, channel)
    const sender = senderOf(channel.kind)
    // stored settings are checked again: a row written by an older version (or by hand) may lack a field
    const config = sender.configSchema.safeParse(settings.config)
    const secret = sender.secretSchema.safeParse(settings.secret)
    if (!config.success || !secret.success)
      return {
        ok: false,
        error: 'the channel settings are incomplete; edit and save the channel',
        permanent: true,
        ms: ms(),
      }
    await sender.send(msg, config.data, secret.data, {
      timeoutMs: deps.timeoutMs,
      now: deps.clock.now(),
    })
    return { ok: true, ms: ms() }
  } catch (err) {
    if (err instanceof DeliveryError)
      return { ok: false, error: err.message, permanent: err.permanent, ms: ms() }
    if (err instanceof SecretboxError)
      return {
        ok: false,
        error: 'the channel settings cannot be opened; save them again',
        permanent: true,
        ms: ms(),
      }
    deps.log.error({ err, channelId: channel.id }, 'notification send failed unexpectedly')
    return {
      ok: false,
      error: 'internal error while sending (see the log)',
      permanent: false,
      ms: ms(),
    }
  }
}

/** One attempt of a pending row, with its outcome stored. */
export async function deliverRow(
  deps: DeliveryDeps,
  scope: TenantScope,
  row: OutboxRow,
): Promise<AttemptOutcome | undefined> {
  const channel = await findChannel(scope, row.channel_id)
  if (channel === undefined || channel.is_enabled !== 1) {
    const reason =
      channel === undefined
        ? 'channel deleted before the message was sent'
        : 'channel disabled before the message was sent'
    await updatePendingOutbox(scope, row.id, { state: 'cancelled', last_error: reason })
    return undefined
  }
  const outcome = await sendOnce(deps, scope, channel, JSON.parse(row.payload_json) as AlertMessage)
  const now = deps.clock.now()
  const attempts = row.attempts + 1
  if (outcome.ok) {
    await updatePendingOutbox(scope, row.id, {
      state: 'sent',
      attempts,
      sent_at: now,
      last_error: null,
    })
  } else {
    const wait = RETRY_BACKOFF_MS[attempts - 1]
    const giveUp = outcome.permanent || wait === undefined
    await updatePendingOutbox(
      scope,
      row.id,
      giveUp
        ? { state: 'failed', attempts, last_error: outcome.error }
        : { attempts, next_attempt_at: now + wait, last_error: outcome.error },
    )
    deps.log.warn(
      {
        tenantId: scope.tenantId,
        channelId: channel.id,
        outboxId: row.id,
        attempts,
        error: outcome.error,
        giveUp,
      },
      'notification not delivered',
    )
  }
  return outcome
}
