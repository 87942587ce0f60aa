// Telegram Bot API: sendMessage to one chat, HTML parse mode. The API base URL is a setting so a
// local Bot API server or a proxy works; the bot token is a secret and goes only into the path.
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { isHttpUrl, postJson } from './http-post.ts'
import { DeliveryError, defineSender } from './sender.ts'

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export const telegramSender = defineSender({
  kind: 'telegram',
  title: 'Telegram',
  configSchema: z.object({
    apiUrl: z
      .string()
      .trim()
      .default('https://api.telegram.org')
      .refine(isHttpUrl, 'Enter an http:// or https:// URL.'),
    chatId: z
      .string()
      .trim()
      .regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, 'Enter a numeric chat id or @channelname.'),
  }),
  secretSchema: z.object({
    botToken: z
      .string()
      .trim()
      .regex(
        /^\d{3,15}:[A-Za-z0-9_-]{20,80}$/,
        'Enter the bot token from @BotFather (123456:ABC…).',
      ),
  }),
  secretFields: ['botToken'],
  target: (c) => `chat ${c.chatId} via ${new URL(c.apiUrl).host}`,
  async send(msg, config, secret, options) {
    const t = messageText(msg)
    const text = `<b>${esc(t.title)}</b>\n${t.lines.map(esc).join('\n')}`.slice(0, 4096)
    const url = `${config.apiUrl.replace(/\/+$/, '')}/bot${secret.botToken}/sendMessage`
    const res = await postJson(
      url,
      JSON.stringify({
        chat_id: config.chatId,
        text,
        parse_mode: 'HTML',
        disable_web_page_preview: true,
      }),
      {},
      options.timeoutMs,
    )
    // the Bot API answers 200 with { ok: false } in a few cases
    if (!/"ok"\s*:\s*true/.test(res.body))
      throw new DeliveryError('Telegram did not accept the message', true)
  },
})
