// Generic webhook: the message as JSON, signed so the receiver can tell it came from us and is
// fresh. Header `X-Outpost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
// (README "Notifications" shows how to verify): the timestamp is inside the MAC, so a captured
// request cannot be replayed later with a new time.
import { createHmac } from 'node:crypto'
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { isHttpUrl, postJson } from './http-post.ts'
import { defineSender } from './sender.ts'

/** The signature header value for `body` sent at `seconds`. */
export function webhookSignature(secret: string, seconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${seconds}.${body}`).digest('hex')
  return `t=${seconds},v1=${mac}`
}

export const webhookSender = defineSender({
  kind: 'webhook',
  title: 'Webhook (JSON, signed)',
  configSchema: z.object({
    url: z.string().trim().refine(isHttpUrl, 'Enter an http:// or https:// URL.'),
  }),
  secretSchema: z.object({
    secret: z.string().min(16, 'Use a secret of at least 16 characters.').max(200),
  }),
  secretFields: ['secret'],
  target: (c) => c.url,
  async send(msg, config, secret, options) {
    const t = messageText(msg)
    const body = JSON.stringify({
      event: msg.event,
      title: t.title,
      text: t.lines.join('\n'),
      at: msg.at,
      alert: msg.alert,
      digest: msg.digest ?? null,
    })
    const seconds = Math.floor(options.now / 1000)
    await postJson(
      config.url,
      body,
      {
        'x-outpost-signature': webhookSignature(secret.secret, seconds, body),
        'x-outpost-event': msg.event,
      },
      options.timeoutMs,
    )
  },
})
