// Slack incoming webhook: `text` (the notification fallback) plus Block Kit blocks. The webhook
// URL carries its token, so it is stored as a secret and shown by host only.
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { isHttpUrl, postJson } from './http-post.ts'
import { defineSender } from './sender.ts'

const ICON = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
} as const

/** Slack's mrkdwn needs &, < and > escaped. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export const slackSender = defineSender({
  kind: 'slack',
  title: 'Slack',
  configSchema: z.object({}),
  secretSchema: z.object({
    url: z
      .string()
      .trim()
      .refine(isHttpUrl, 'Enter the incoming webhook URL (https://hooks.slack.com/services/…).'),
  }),
  secretFields: ['url'],
  target: (_c, s) => `${new URL(s.url).host} (incoming webhook)`,
  async send(msg, _config, secret, options) {
    const t = messageText(msg)
    const blocks: unknown[] = [
      { type: 'header', text: { type: 'plain_text', text: t.title.slice(0, 150) } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${ICON[t.severity]} ${t.lines
            .filter((l) => !l.startsWith('Open: '))
            .map(esc)
            .join('\n')}`.slice(0, 3000),
        },
      },
    ]
    if (t.url !== null && /^https?:/.test(t.url)) {
      blocks.push({
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open device' }, url: t.url },
        ],
      })
    }
    await postJson(secret.url, JSON.stringify({ text: t.title, blocks }), {}, options.timeoutMs)
  },
})
