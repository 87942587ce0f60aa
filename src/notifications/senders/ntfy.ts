// ntfy: JSON publish to the server root ({ topic, title, message, priority, tags, click }), so
// self-hosted servers work by changing the server URL. An access token is optional (secret).
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { isHttpUrl, postJson } from './http-post.ts'
import { defineSender } from './sender.ts'

const PRIORITY = { info: 3, warning: 4, critical: 5 } as const
const TAGS = {
  info: ['information_source'],
  warning: ['warning'],
  critical: ['rotating_light'],
} as const

export const ntfySender = defineSender({
  kind: 'ntfy',
  title: 'ntfy',
  configSchema: z.object({
    serverUrl: z
      .string()
      .trim()
      .default('https://ntfy.sh')
      .refine(isHttpUrl, 'Enter an http:// or https:// URL.'),
    topic: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use letters, digits, - and _ (up to 64).'),
  }),
  secretSchema: z.object({ token: z.string().trim().max(200).optional() }),
  secretFields: ['token'],
  target: (c) => `${new URL(c.serverUrl).host}/${c.topic}`,
  async send(msg, config, secret, options) {
    const t = messageText(msg)
    const body: Record<string, unknown> = {
      topic: config.topic,
      title: t.title.slice(0, 250),
      message: t.lines.filter((l) => !l.startsWith('Open: ')).join('\n'),
      priority: PRIORITY[t.severity],
      tags: [...TAGS[t.severity]],
    }
    if (t.url !== null && /^https?:/.test(t.url)) body.click = t.url
    const headers: Record<string, string> = secret.token
      ? { authorization: `Bearer ${secret.token}` }
      : {}
    await postJson(
      `${config.serverUrl.replace(/\/+$/, '')}/`,
      JSON.stringify(body),
      headers,
      options.timeoutMs,
    )
  },
})
