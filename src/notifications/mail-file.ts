// Sends a file (a PDF report) through one of the tenant's e-mail channels: the channel's SMTP
// settings and sealed password, sent by senders/smtp.ts like alert e-mails. Other channel
// kinds cannot carry a file and are refused with a clear message.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { KeyDeps } from '../device-access/index.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { openSettings } from './channel-settings.ts'
import { findChannel } from './channels.repo.ts'
import { emailConfigSchema } from './senders/email.ts'
import { sendSmtp } from './senders/smtp.ts'

export interface MailFile {
  subject: string
  text: string
  filename: string
  content: Uint8Array
  contentType: string
}

/** E-mail channels of the tenant that can carry a file: id, name, recipients. */
export async function emailChannels(
  scope: TenantScope,
): Promise<{ id: string; name: string; to: string }[]> {
  const rows = await scope
    .selectFrom('alert_channels')
    .select(['id', 'name', 'config_json'])
    .where('kind', '=', 'email')
    .orderBy('name')
    .execute()
  return rows.map((r) => {
    const c = emailConfigSchema.safeParse(JSON.parse(r.config_json))
    return { id: r.id, name: r.name, to: c.success ? c.data.to.join(', ') : '' }
  })
}

/**
 * @returns the recipients it went to; throws DeliveryError when the server refused or was not reached
 */
export async function mailFile(
  deps: KeyDeps,
  scope: TenantScope,
  channelId: string,
  file: MailFile,
  timeoutMs = 30_000,
): Promise<string> {
  const row = await findChannel(scope, channelId)
  if (row === undefined) throw new NotFoundError('That notification channel does not exist.')
  if (row.kind !== 'email')
    throw new ValidationError({ channelId: 'Reports can only be sent through an e-mail channel.' })
  const settings = await openSettings(deps, scope, row)
  const config = emailConfigSchema.parse(settings.config)
  const password = (settings.secret as { password?: string }).password ?? ''
  await sendSmtp(config, password, timeoutMs, {
    to: config.to,
    subject: file.subject,
    text: `${file.text}\n\n-- \nOutpost\n`,
    attachments: [
      {
        filename: file.filename,
        content: Buffer.from(file.content),
        contentType: file.contentType,
      },
    ],
  })
  return config.to.join(', ')
}
