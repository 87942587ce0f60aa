// Microsoft Teams through a Workflows (Power Automate) webhook: a message with one Adaptive Card
// attachment, the format Teams accepts since Office 365 connectors were retired. The URL carries
// its signature, so it is a secret.
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { isHttpUrl, postJson } from './http-post.ts'
import { defineSender } from './sender.ts'

const COLOR = { info: 'Accent', warning: 'Warning', critical: 'Attention' } as const

export const teamsSender = defineSender({
  kind: 'teams',
  title: 'Microsoft Teams',
  configSchema: z.object({}),
  secretSchema: z.object({
    url: z.string().trim().refine(isHttpUrl, 'Enter the Teams workflow webhook URL.'),
  }),
  secretFields: ['url'],
  target: (_c, s) => `${new URL(s.url).host} (workflow webhook)`,
  async send(msg, _config, secret, options) {
    const t = messageText(msg)
    const card = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [
        {
          type: 'TextBlock',
          text: t.title,
          weight: 'Bolder',
          size: 'Medium',
          wrap: true,
          color: COLOR[t.severity],
        },
        ...t.lines
          .filter((l) => !l.startsWith('Open: '))
          .map((l) => ({ type: 'TextBlock', text: l, wrap: true, spacing: 'Small' })),
      ],
      actions:
        t.url !== null && /^https?:/.test(t.url)
          ? [{ type: 'Action.OpenUrl', title: 'Open device', url: t.url }]
          : [],
    }
    const body = {
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
      ],
    }
    await postJson(secret.url, JSON.stringify(body), {}, options.timeoutMs)
  },
})
