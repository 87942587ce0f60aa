// Public surface of the notifications domain (issue 13): channels (CRUD, test, delivery log), the
// six senders, and the delivery worker that startup.ts runs.
export { channelInputSchema, channelPatchSchema } from './channels.schema.ts'
export {
  changeChannel,
  channelDeliveries,
  createChannel,
  getChannelView,
  listChannelViews,
  removeChannel,
  testChannel,
  type ChannelsCtx,
} from './channels.service.ts'
export type { ChannelDeliveryView, ChannelView, TestSendResult } from './channels.types.ts'
export {
  NotificationDispatcher,
  type DispatcherDeps,
  type DispatcherOptions,
} from './dispatcher.ts'
export { RETRY_BACKOFF_MS } from './delivery.ts'
export { CHANNEL_KINDS } from './senders/index.ts'
export { webhookSignature } from './senders/webhook.ts'
export { channelsCtx, type ChannelsDeps } from './route-ctx.ts'
export { channelsRoutes } from './channels.routes.tsx'
// the appliance's own mail (issue 19)
export { readSystemMail, sendSystemMail, SystemMailNotConfiguredError } from './system-mail.ts'
export { systemMailRoutes } from './system-mail.routes.tsx'
// reports (issue 18): a PDF through an e-mail channel
export { emailChannels, mailFile, type MailFile } from './mail-file.ts'
export { DeliveryError } from './senders/sender.ts'
