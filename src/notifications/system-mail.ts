// The appliance's own outgoing mail (issue 19): one SMTP server a super admin sets under
// Settings → Mail, used for password reset links. Stored in appliance_settings; the password is
// sealed with a key derived from the master key, so the database alone does not reveal it.
import { hkdfSync } from 'node:crypto'
import { z } from 'zod'
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { Actor } from '../lib/actor.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'
import {
  sendSmtp,
  smtpSettingsSchema,
  type SmtpMessage,
  type SmtpSettings,
} from './senders/smtp.ts'

const KEY = 'system_mail'
const SEND_TIMEOUT_MS = 15_000

export const systemMailSchema = smtpSettingsSchema.extend({
  /** where users open Outpost: the base of links in mails (never taken from a request's Host) */
  linkBase: z
    .string()
    .trim()
    .max(300)
    .regex(
      /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
      'Enter the address users open Outpost at, e.g. https://outpost.example.net.',
    )
    .transform((v) => v.replace(/\/+$/, '')),
  /** empty keeps the stored one */
  password: z.string().max(500).default(''),
  clearPassword: z
    .preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean())
    .default(false),
})

interface Stored {
  settings: SmtpSettings
  linkBase: string
  passwordSealed: string | null
}

export interface SystemMailView {
  settings: SmtpSettings
  linkBase: string
  hasPassword: boolean
}

type MailDeps = Pick<Deps, 'db' | 'clock' | 'secrets'>

function mailKey(masterKey: Buffer): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), 'outpost system mail v1', 32),
  )
}
const context = { tenantId: 'appliance', rowId: KEY, field: 'smtp_password' }

async function load(deps: Pick<Deps, 'db'>): Promise<Stored | undefined> {
  const row = await deps.db
    .selectFrom('appliance_settings')
    .select('value_json')
    .where('key', '=', KEY)
    .executeTakeFirst()
  if (row === undefined) return undefined
  const parsed = JSON.parse(row.value_json) as Stored
  const settings = smtpSettingsSchema.safeParse(parsed.settings)
  if (!settings.success) return undefined
  return {
    settings: settings.data,
    linkBase: parsed.linkBase,
    passwordSealed: parsed.passwordSealed,
  }
}

/** The settings as the page shows them (never the password). */
export async function readSystemMail(deps: Pick<Deps, 'db'>): Promise<SystemMailView | undefined> {
  const s = await load(deps)
  return s && { settings: s.settings, linkBase: s.linkBase, hasPassword: s.passwordSealed !== null }
}

/** Saves validated settings; a blank password keeps the stored one. Audited. */
export async function saveSystemMail(
  deps: MailDeps,
  actor: Actor,
  input: z.output<typeof systemMailSchema>,
): Promise<void> {
  const before = await load(deps)
  const { password, clearPassword, linkBase, ...settings } = input
  const passwordSealed = clearPassword
    ? null
    : password !== ''
      ? sealSecret(mailKey(deps.secrets.masterKey), password, context)
      : (before?.passwordSealed ?? null)
  const now = deps.clock.now()
  const value_json = JSON.stringify({ settings, linkBase, passwordSealed } satisfies Stored)
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('appliance_settings')
      .values({ key: KEY, value_json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
      .execute()
    await recordAudit(
      trx,
      {
        tenantId: null,
        actor: { kind: actor.kind, id: actor.id, name: actor.name },
        ip: actor.ip,
        action: 'settings.system_mail',
        target: { type: 'settings', id: null, label: 'System mail' },
        outcome: 'success',
        details: {
          server: `${settings.host}:${settings.port}`,
          from: settings.from,
          passwordChanged: clearPassword || password !== '',
        },
      },
      now,
    )
  })
}

export class SystemMailNotConfiguredError extends Error {
  constructor() {
    super('System mail is not set up: a super admin sets it under Settings → Mail.')
    this.name = 'SystemMailNotConfiguredError'
  }
}

/**
 * Sends one message through the appliance's SMTP server. Throws SystemMailNotConfiguredError
 * when none is set, DeliveryError (plain words, no secrets) when the server refuses or is down.
 * `msg` may be built from the configured link base (links in the mail).
 * @example await sendSystemMail(deps, (base) => ({ to: [email], subject, text: `${base}/login` }))
 */
export async function sendSystemMail(
  deps: MailDeps,
  msg: SmtpMessage | ((linkBase: string) => SmtpMessage),
): Promise<void> {
  const s = await load(deps)
  if (s === undefined) throw new SystemMailNotConfiguredError()
  const password =
    s.passwordSealed === null
      ? ''
      : openSecret(mailKey(deps.secrets.masterKey), s.passwordSealed, context)
  await sendSmtp(
    s.settings,
    password,
    SEND_TIMEOUT_MS,
    typeof msg === 'function' ? msg(s.linkBase) : msg,
  )
}
