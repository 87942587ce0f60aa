// A channel's settings: split into plain settings (config_json) and secret ones (secret_enc,
// sealed with the tenant's data key and bound to the channel row, like device credentials), each
// validated by the type's sender. Plaintext secrets exist only in memory while sending.
import type { z } from 'zod'
import type { ChannelKind } from '../db/schema-alerts.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { dataKeyFor, openingKeyFor, type KeyDeps } from '../device-access/index.ts'
import { ValidationError } from '../lib/errors.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'
import { COMMON_KEYS } from './channels.schema.ts'
import type { ChannelRow } from './channels.repo.ts'
import { senderOf } from './senders/index.ts'

export interface ChannelSettings {
  config: Record<string, unknown>
  secret: Record<string, unknown>
}

const where = (tenantId: string, channelId: string) => ({
  tenantId,
  rowId: channelId,
  field: 'alert_channels.secret',
})

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const i of error.issues) fields[i.path.map(String).join('.') || '_body'] ??= i.message
  return fields
}

/** Validates the type settings in `input`; secret fields missing or empty keep `previous` values. */
export function parseSettings(
  kind: ChannelKind,
  input: Record<string, unknown>,
  previous?: ChannelSettings,
): ChannelSettings {
  const sender = senderOf(kind)
  const secretKeys = new Set<string>(sender.secretFields)
  const plain: Record<string, unknown> = { ...previous?.config }
  const secret: Record<string, unknown> = { ...previous?.secret }
  for (const [k, v] of Object.entries(input)) {
    if (COMMON_KEYS.has(k) || k.startsWith('_')) continue
    if (secretKeys.has(k)) {
      if (v !== undefined && v !== null && v !== '') secret[k] = v
    } else plain[k] = v
  }
  const c = sender.configSchema.safeParse(plain)
  const s = sender.secretSchema.safeParse(secret)
  const fields = {
    ...(c.success ? {} : fieldsOf(c.error)),
    ...(s.success ? {} : fieldsOf(s.error)),
  }
  if (!c.success || !s.success) throw new ValidationError(fields)
  return { config: c.data, secret: s.data }
}

export async function sealSettings(
  deps: KeyDeps,
  scope: TenantScope,
  channelId: string,
  secret: Record<string, unknown>,
): Promise<string> {
  const key = await dataKeyFor(deps, scope)
  return sealSecret(key, JSON.stringify(secret), where(scope.tenantId, channelId))
}

/** The stored settings of a channel (secret opened; throws SecretboxError when it cannot be). */
export async function openSettings(
  deps: KeyDeps,
  scope: TenantScope,
  row: ChannelRow,
): Promise<ChannelSettings> {
  const config = JSON.parse(row.config_json) as Record<string, unknown>
  if (row.secret_enc === null) return { config, secret: {} }
  const key = await openingKeyFor(deps, scope, 'channel-secret', {
    type: 'channel',
    id: row.id,
    label: row.name,
  })
  return {
    config,
    secret: JSON.parse(openSecret(key, row.secret_enc, where(scope.tenantId, row.id))) as Record<
      string,
      unknown
    >,
  }
}
