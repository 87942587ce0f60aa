// The registry of notification senders: one per channel kind, checked by the compiler (a kind
// without a sender, or a duplicate, does not build).
import type { ChannelKind } from '../../db/schema-alerts.ts'
import { emailSender } from './email.ts'
import { ntfySender } from './ntfy.ts'
import type { Sender } from './sender.ts'
import { slackSender } from './slack.ts'
import { teamsSender } from './teams.ts'
import { telegramSender } from './telegram.ts'
import { webhookSender } from './webhook.ts'

export const senders = {
  email: emailSender,
  webhook: webhookSender,
  slack: slackSender,
  teams: teamsSender,
  telegram: telegramSender,
  ntfy: ntfySender,
} satisfies { [K in ChannelKind]: { readonly kind: K } }

export const CHANNEL_KINDS = Object.keys(senders) as ChannelKind[]

/** The sender of a kind, with its settings types erased (they are validated before use). */
export function senderOf(
  kind: ChannelKind,
): Sender<Record<string, unknown>, Record<string, unknown>> {
  return senders[kind] as unknown as Sender<Record<string, unknown>, Record<string, unknown>>
}
