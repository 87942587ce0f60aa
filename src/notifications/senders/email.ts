// E-mail over SMTP with nodemailer: implicit TLS (465), STARTTLS required (587), or plain (a relay
// on the LAN), optional AUTH. One connection per message: alerts are rare and a pooled
// connection to a dead server would only hide the failure until the next one.
import nodemailer, { type Transporter } from 'nodemailer'
import { z } from 'zod'
import { messageText } from './message-text.ts'
import { DeliveryError, defineSender } from './sender.ts'

const address = z.string().trim().email('Enter an e-mail address.')

/** SMTP reply codes 5xx (except 421-like transient ones, which are 4xx) are permanent. */
export function smtpFailure(err: unknown, host: string): DeliveryError {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string }
  if (e.responseCode !== undefined) {
    const words = (e.response ?? '').replace(/\s+/g, ' ').slice(0, 160)
    return new DeliveryError(
      `${host} refused the message: ${words || e.responseCode}`,
      e.responseCode >= 500 && e.responseCode !== 554 ? true : false,
      { cause: err },
    )
  }
  if (e.code === 'EAUTH')
    return new DeliveryError(`${host} rejected the user name or password`, true, { cause: err })
  if (e.code === 'ETIMEDOUT')
    return new DeliveryError(`${host} did not answer in time`, false, { cause: err })
  if (e.code === 'ETLS' || /certificate|TLS|SSL/i.test(e.message ?? ''))
    return new DeliveryError(`TLS with ${host} failed: ${(e.message ?? '').slice(0, 120)}`, false, {
      cause: err,
    })
  // nodemailer reports socket failures as ESOCKET; the system's own code is in the message
  const sys =
    /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b/.exec(
      e.message ?? '',
    )?.[1] ?? e.code
  return new DeliveryError(`cannot reach ${host}${sys ? ` (${sys})` : ''}`, false, { cause: err })
}

export const emailConfigSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, 'Enter the SMTP server.')
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Enter a host name or address.'),
  port: z.coerce.number().int().min(1).max(65535).default(587),
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string().trim().max(200).default(''),
  from: address,
  to: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[,\s]+/).filter((s) => s !== '') : v),
    z.array(address).min(1, 'Enter at least one recipient.').max(50),
  ),
  /** accept a self-signed server certificate (internal relays) */
  insecureTls: z
    .preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean())
    .default(false),
})

/** One SMTP connection for one message (also used for reports with a PDF attached). */
export function smtpTransport(
  config: EmailConfig,
  secret: { password?: string | undefined },
  timeoutMs: number,
): Transporter {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    auth:
      config.username !== '' ? { user: config.username, pass: secret.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { rejectUnauthorized: !config.insecureTls, servername: config.host },
  })
}

export type EmailConfig = z.infer<typeof emailConfigSchema>

export const emailSender = defineSender({
  kind: 'email',
  title: 'E-mail (SMTP)',
  configSchema: emailConfigSchema,
  secretSchema: z.object({ password: z.string().max(500).optional() }),
  secretFields: ['password'],
  target: (c) => `${c.to.join(', ')} via ${c.host}:${c.port}`,
  async send(msg, config, secret, options) {
    const t = messageText(msg)
    const transport = smtpTransport(config, secret, options.timeoutMs)
    // nodemailer's own timeouts apply per phase; this bounds the whole send
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('send timed out'), { code: 'ETIMEDOUT' })),
        options.timeoutMs,
      )
    })
    try {
      await Promise.race([
        transport.sendMail({
          from: config.from,
          to: config.to,
          subject: t.title,
          text: `${t.lines.join('\n')}\n\n-- \nOutpost\n`,
        }),
        deadline,
      ])
    } catch (err) {
      throw smtpFailure(err, `${config.host}:${config.port}`)
    } finally {
      clearTimeout(timer)
      transport.close()
    }
  },
})
