import { z } from 'zod'
import { decimalNumber, hostRule, textRule } from '../lib/input-rules.ts'

export const TRANSPORTS = ['api', 'api-ssl'] as const
export const TLS_MODES = ['verify', 'pin', 'insecure', 'certless'] as const
export const DEVICE_STATUSES = ['unknown', 'online', 'degraded', 'offline', 'auth_failed'] as const
export const DEFAULT_POLL_INTERVAL_S = 60

const FINGERPRINT = /^([0-9a-f]{2}:?){31}[0-9a-f]{2}$/i

/** '' and whitespace (form fields left empty) mean "not given". */
function blankToNull(v: unknown): unknown {
  if (v === undefined || v === null) return null
  if (typeof v === 'string' && v.trim() === '') return null
  return typeof v === 'string' ? v.trim() : v
}

/** Plain decimal only: "0x1f" or "1e3" are refused, not read as 31 or 1000 (lib/input-rules). */
function toNumber(v: unknown): unknown {
  return decimalNumber(blankToNull(v), false)
}

function toInteger(v: unknown): unknown {
  return decimalNumber(blankToNull(v), true)
}

const TRUE = new Set<unknown>([true, 1, 'on', 'true', '1', 'yes'])
const FALSE = new Set<unknown>([false, 0, 'off', 'false', '0', 'no'])

/** Checkbox and JSON booleans; absent means enabled. Anything else is left for zod to refuse. */
function toBoolean(v: unknown): unknown {
  if (v === undefined || v === null) return true
  return TRUE.has(v) ? true : FALSE.has(v) ? false : v
}

const hostSchema = z
  .string({ error: 'Enter an IP address or DNS name.' })
  .trim()
  .min(1, { error: 'Enter an IP address or DNS name.' })
  .superRefine(hostRule)

const port = (what: string) =>
  z.preprocess(
    toInteger,
    z
      .number({ error: `Enter the ${what} port (1-65535).` })
      .int({ error: `Enter the ${what} port (1-65535).` })
      .min(1, { error: `Enter the ${what} port (1-65535).` })
      .max(65535, { error: `Enter the ${what} port (1-65535).` })
      .nullable(),
  )

const text = (max: number) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .max(max, { error: `Use at most ${max} characters.` })
      .superRefine(textRule('multiline'))
      .nullable(),
  )

const coordinate = (limit: number, what: string) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: `Enter a ${what} between -${limit} and ${limit}.` })
      .min(-limit, { error: `Enter a ${what} between -${limit} and ${limit}.` })
      .max(limit, { error: `Enter a ${what} between -${limit} and ${limit}.` })
      .nullable(),
  )

const idList = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().min(1).max(64)).max(100),
)

const nameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(100, { error: 'Use at most 100 characters.' })
  .superRefine(textRule('name'))

/** Everything a device has except credentials (shared by create, update, CSV and the API). */
const deviceFields = {
  name: nameSchema,
  host: hostSchema,
  host2: z.preprocess(blankToNull, hostSchema.nullable()),
  transport: z.preprocess(
    (v) => blankToNull(v) ?? 'api',
    z.enum(TRANSPORTS, { error: 'Choose API or API-SSL.' }),
  ),
  api_port: port('API'),
  tls_mode: z.preprocess(
    (v) => blankToNull(v) ?? 'insecure',
    z.enum(TLS_MODES, { error: 'Choose a TLS mode.' }),
  ),
  tls_fingerprint: z.preprocess(
    blankToNull,
    z
      .string()
      .regex(FINGERPRINT, { error: 'Enter a SHA-256 fingerprint (64 hex digits).' })
      .nullable(),
  ),
  tls_ca_pem: text(20_000),
  ssh_port: port('SSH'),
  ssh_host_key: text(200),
  site_id: z.preprocess(blankToNull, z.string().max(64).nullable()),
  tag_ids: idList,
  group_ids: idList,
  notes: z.preprocess(
    (v) => blankToNull(v) ?? '',
    z
      .string()
      .max(4000, { error: 'Use at most 4000 characters.' })
      .superRefine(textRule('multiline')),
  ),
  latitude: coordinate(90, 'latitude'),
  longitude: coordinate(180, 'longitude'),
  is_enabled: z.preprocess(toBoolean, z.boolean({ error: 'Use yes or no.' })),
  poll_interval_s: z.preprocess(
    (v) => toInteger(v) ?? DEFAULT_POLL_INTERVAL_S,
    z
      .number({ error: 'Enter a poll interval in seconds (10-86400).' })
      .int({ error: 'Enter a whole number of seconds.' })
      .min(10, { error: 'Poll at most every 10 seconds.' })
      .max(86_400, { error: 'Poll at least once a day (86400 s).' }),
  ),
}

const credential = (what: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? null : v),
    z
      .string()
      .max(200, { error: `The ${what} is too long.` })
      .superRefine(textRule('line'))
      .nullable(),
  )

interface TlsFields {
  tls_mode: string
  transport: string
  tls_fingerprint: string | null
  tls_ca_pem: string | null
}

function tlsRules(v: TlsFields, ctx: z.RefinementCtx) {
  if (v.transport !== 'api-ssl') return
  if (v.tls_mode === 'pin' && v.tls_fingerprint === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['tls_fingerprint'],
      message: 'Enter the certificate fingerprint to pin.',
    })
  }
  if (
    v.tls_mode === 'verify' &&
    (v.tls_ca_pem === null || !v.tls_ca_pem.includes('BEGIN CERTIFICATE'))
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['tls_ca_pem'],
      message: 'Paste the CA certificate (PEM) to verify against.',
    })
  }
}

/** The credential profile a device follows (credential-profiles); blank: its own credentials. */
const credentialProfileId = z.preprocess(
  blankToNull,
  z.string({ error: 'Choose a credential profile.' }).max(64).nullable(),
)

/**
 * A new device: a user name is required unless a credential profile is chosen (the password may
 * be empty, as on a fresh router).
 */
export const deviceCreateSchema = z
  .object({
    ...deviceFields,
    username: z.preprocess(
      (v) => v ?? '',
      z
        .string({ error: 'Enter the user name.' })
        .trim()
        .max(100, { error: 'The user name is too long.' })
        .superRefine(textRule('line')),
    ),
    password: z.preprocess(
      (v) => v ?? '',
      z.string().max(200, { error: 'The password is too long.' }).superRefine(textRule('line')),
    ),
    credential_profile_id: credentialProfileId,
  })
  .superRefine(tlsRules)
  .superRefine((v, ctx) => {
    if (v.credential_profile_id === null && v.username === '')
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter the user name.' })
  })

/** An edit: a blank user name or password means "unchanged". */
export const deviceUpdateSchema = z
  .object({
    ...deviceFields,
    username: credential('user name'),
    password: credential('password'),
    credential_profile_id: credentialProfileId,
  })
  .superRefine(tlsRules)

export type DeviceCreateInput = z.infer<typeof deviceCreateSchema>
export type DeviceUpdateInput = z.infer<typeof deviceUpdateSchema>

/** Bulk edit: each field is applied only when given. */
export const deviceBulkSchema = z
  .object({
    device_ids: z.preprocess(
      (v) => (Array.isArray(v) ? v : v ? [v] : []),
      z.array(z.string().min(1).max(64)).max(10_000),
    ),
    /** the device table's query string: apply to every device matching it instead of device_ids */
    match: z.preprocess(blankToNull, z.string().max(2000).nullable()),
    /** how many devices the user saw matching; a different count now refuses the change */
    match_count: z.preprocess(toInteger, z.number().int().min(0).max(1_000_000).nullable()),
    /** null keeps each device's site, 'none' clears it, anything else is a site id. */
    site: z.preprocess(blankToNull, z.string().max(64).nullable()),
    add_tag_ids: idList,
    remove_tag_ids: idList,
    add_group_ids: idList,
    remove_group_ids: idList,
    enabled: z.preprocess(blankToNull, z.enum(['enable', 'disable']).nullable()),
    poll_interval_s: z.preprocess(
      toInteger,
      z
        .number({ error: 'Enter a poll interval in seconds (10-86400).' })
        .int()
        .min(10)
        .max(86_400)
        .nullable(),
    ),
    /** blank keeps credentials; 'typed' uses username/password; anything else is a profile id */
    credential_profile_id: z.preprocess(blankToNull, z.string().max(64).nullable()),
    username: credential('user name'),
    password: z.preprocess(
      (v) => v ?? '',
      z.string().max(200, { error: 'The password is too long.' }).superRefine(textRule('line')),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.match === null && v.device_ids.length === 0)
      ctx.addIssue({ code: 'custom', path: ['device_ids'], message: 'Select at least one device.' })
    if (v.credential_profile_id === 'typed' && v.username === null)
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'Enter the user name (and password) to give the devices.',
      })
  })
export type DeviceBulkInput = z.infer<typeof deviceBulkSchema>

export const DEVICE_SORTS = ['name', 'host', 'status', 'version', 'site', 'last_seen'] as const

/** Query string of the device table. */
export const deviceListQuerySchema = z.object({
  q: z.preprocess((v) => blankToNull(v) ?? '', z.string().max(200)).catch(''),
  status: z
    .preprocess(blankToNull, z.enum([...DEVICE_STATUSES, 'disabled']).nullable())
    .catch(null),
  site: z.preprocess(blankToNull, z.string().max(64).nullable()).catch(null),
  tag: z.preprocess(blankToNull, z.string().max(64).nullable()).catch(null),
  group: z.preprocess(blankToNull, z.string().max(64).nullable()).catch(null),
  version: z.preprocess(blankToNull, z.string().max(64).nullable()).catch(null),
  sort: z.enum(DEVICE_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.preprocess(toNumber, z.number().int().min(1).max(100_000)).catch(1),
  per_page: z.preprocess(toNumber, z.number().int().min(10).max(500)).catch(50),
})
export type DeviceListQuery = z.infer<typeof deviceListQuerySchema>
