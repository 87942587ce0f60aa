// The e-mail channel: SMTP settings per channel (smtp.ts sends), the message from the alert.
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { defineSender } from './sender.ts'
import { emailAddress, sendSmtp, smtpSettingsSchema } from './smtp.ts'

/** An e-mail channel's settings (reports reuse them to send a PDF). */
export const emailConfigSchema = smtpSettingsSchema.extend({
  to: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[,\s]+/).filter((s) => s !== '') : v),
    z.array(emailAddress).min(1, 'Enter at least one recipient.').max(50),
  ),
})

export const emailSender = defineSender({
  kind: 'email',
  title: 'E-mail (SMTP)',
  configSchema: emailConfigSchema,
  secretSchema: z.object({ password: z.string().max(500).optional() }),
  secretFields: ['password'],
  target: (c) => `${c.to.join(', ')} via ${c.host}:${c.port}`,
  async send(msg, config, secret, options) {
    const t = messageText(msg)
    await sendSmtp(config, secret.password ?? '', options.timeoutMs, {
      to: config.to,
      subject: t.title,
      text: `${t.lines.join('\n')}\n\n-- \nOutpost\n`,
    })
  },
})
