// Channel input: the fields every channel has (name, route, enabled, default), plus the settings
// of its type, which the type's sender validates (senders/<kind>.ts). JSON and forms share these.
import { z } from 'zod'
import { CHANNEL_KINDS } from './senders/index.ts'

const severity = z.enum(['info', 'warning', 'critical'])
const scopeKind = z.enum(['tenant', 'site', 'tag', 'device'])
const bool = z.preprocess(
  (v) => (v === 'on' || v === 'true' ? true : v === 'false' || v === '' ? false : v),
  z.boolean(),
)

const common = {
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
  minSeverity: severity.default('info').describe('lowest severity this channel receives'),
  scopeKind: scopeKind
    .default('tenant')
    .describe('which devices: all of the tenant, a site, a tag or one device'),
  scopeId: z
    .string()
    .trim()
    .max(40)
    .nullable()
    .optional()
    .describe('the site, tag or device id when scopeKind is not tenant'),
  enabled: bool.default(true),
  isDefault: bool
    .optional()
    .describe(
      'the default route: takes every alert no other channel took (the first channel becomes it)',
    ),
}

/**
 * `{ type, name, …settings }`. Settings per type: email host, port, security (starttls|tls|none),
 * username, password, from, to, insecureTls; webhook url, secret; slack url; teams url;
 * telegram apiUrl, chatId, botToken; ntfy serverUrl, topic, token.
 */
export const channelInputSchema = z.looseObject({
  type: z.enum(CHANNEL_KINDS as [string, ...string[]]),
  ...common,
})

/** Any subset; secret settings left out (or empty) keep their stored value. */
export const channelPatchSchema = z.looseObject({
  name: common.name.optional(),
  minSeverity: severity.optional(),
  scopeKind: scopeKind.optional(),
  scopeId: common.scopeId,
  enabled: bool.optional(),
  isDefault: bool.optional(),
})

export type ChannelInput = z.output<typeof channelInputSchema>
export type ChannelPatch = z.output<typeof channelPatchSchema>

/** The keys that are not type settings. */
export const COMMON_KEYS = new Set([
  'type',
  'name',
  'minSeverity',
  'scopeKind',
  'scopeId',
  'enabled',
  'isDefault',
])
