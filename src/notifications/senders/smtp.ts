// E-mail over SMTP with nodemailer: implicit TLS (465), STARTTLS required (587), or plain (a relay
// on the LAN), optional AUTH. One connection per message: alerts and reset links are rare and a
// pooled connection to a dead server would only hide the failure until the next one. Used by the
// e-mail channel and by the appliance's system mail (password reset links, reports).
import nodemailer from 'nodemailer'
import { z } from 'zod'
import { DeliveryError } from './sender.ts'

export const emailAddress = z.string().trim().email('Enter an e-mail address.')

/** The server part of SMTP settings (the password is a secret and sealed apart). */
export const smtpSettingsSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, 'Enter the SMTP server.')
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Enter a host name or address.'),
  port: z.coerce.number().int().min(1).max(65535).default(587),
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string().trim().max(200).default(''),
  from: emailAddress,
  /** accept a self-signed server certificate (internal relays) */
  insecureTls: z
    .preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean())
    .default(false),
})

export type SmtpSettings = z.infer<typeof smtpSettingsSchema>

export interface SmtpMessage {
  to: string[]
  subject: string
  text: string
  /** files sent along (a PDF report) */
  attachments?: { filename: string; content: Buffer; contentType: string }[]
}

/** SMTP reply codes 5xx (except 421-like transient ones, which are 4xx) are permanent. */
function smtpFailure(err: unknown, host: string): DeliveryError {
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

/**
 * Sends one message; throws DeliveryError with plain words (never the password) on failure.
 * @example await sendSmtp(settings, password, 10_000, { to: ['a@b.example'], subject, text })
 */
export async function sendSmtp(
  config: SmtpSettings,
  password: string,
  timeoutMs: number,
  msg: SmtpMessage,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    auth: config.username !== '' ? { user: config.username, pass: password } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { rejectUnauthorized: !config.insecureTls, servername: config.host },
  })
  // nodemailer's own timeouts apply per phase; this bounds the whole send
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('send timed out'), { code: 'ETIMEDOUT' })),
      timeoutMs,
    )
  })
  try {
    await Promise.race([
      transport.sendMail({
        from: config.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        ...(msg.attachments ? { attachments: msg.attachments } : {}),
      }),
      deadline,
    ])
  } catch (err) {
    throw smtpFailure(err, `${config.host}:${config.port}`)
  } finally {
    clearTimeout(timer)
    transport.close()
  }
}
