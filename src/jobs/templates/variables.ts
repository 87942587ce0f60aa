// Typed template variables: what each type accepts, and where a value comes from (a device field
// or the per-device grid). Bad values are reported per variable in plain words.
import { z } from 'zod'
import type { TargetDevice } from '../targets.repo.ts'

export const VARIABLE_TYPES = ['string', 'number', 'ip', 'cidr', 'boolean', 'choice'] as const
export const DEVICE_FIELDS = [
  'name',
  'host',
  'site',
  'tags',
  'identity',
  'version',
  'board',
  'serial',
] as const
export type DeviceField = (typeof DEVICE_FIELDS)[number]

export const variableSchema = z.object({
  name: z
    .string()
    .regex(
      /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/,
      'Letters, digits and _ (starting with a letter), at most 40.',
    ),
  type: z.enum(VARIABLE_TYPES),
  description: z.string().max(200).optional(),
  /** filled from this device field unless the grid gives a value */
  source: z.enum(DEVICE_FIELDS).optional(),
  default: z.string().max(500).optional(),
  required: z.boolean().default(true),
  choices: z.array(z.string().min(1).max(100)).max(50).optional(),
})
export type Variable = z.output<typeof variableSchema>

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^[0-9a-fA-F:]+$/

function isIp(v: string): boolean {
  return IPV4.test(v) || (v.includes(':') && IPV6.test(v) && v.split(':').length <= 8)
}

/** Checks and normalises one value; returns the text to insert or an error. */
export function checkValue(
  v: Variable,
  raw: string,
): { ok: true; value: string } | { ok: false; error: string } {
  const s = raw.trim()
  switch (v.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(s)
        ? { ok: true, value: s }
        : { ok: false, error: `${v.name} must be a number, not "${s}".` }
    case 'ip':
      return isIp(s)
        ? { ok: true, value: s }
        : { ok: false, error: `${v.name} must be an IP address, not "${s}".` }
    case 'cidr': {
      const [ip, len, extra] = s.split('/')
      const max = (ip ?? '').includes(':') ? 128 : 32
      const ok =
        extra === undefined && isIp(ip ?? '') && /^\d{1,3}$/.test(len ?? '') && Number(len) <= max
      return ok
        ? { ok: true, value: s }
        : {
            ok: false,
            error: `${v.name} must be an address with a prefix length (10.0.0.0/24), not "${s}".`,
          }
    }
    case 'boolean': {
      const t = s.toLowerCase()
      if (['yes', 'true', '1', 'on'].includes(t)) return { ok: true, value: 'yes' }
      if (['no', 'false', '0', 'off'].includes(t)) return { ok: true, value: 'no' }
      return { ok: false, error: `${v.name} must be yes or no, not "${s}".` }
    }
    case 'choice':
      return (v.choices ?? []).includes(s)
        ? { ok: true, value: s }
        : {
            ok: false,
            error: `${v.name} must be one of ${(v.choices ?? []).join(', ')}, not "${s}".`,
          }
    default:
      return /[\u0000-\u001f]/.test(raw)
        ? { ok: false, error: `${v.name} must be one line of text.` }
        : { ok: true, value: raw }
  }
}

export function deviceField(d: TargetDevice, f: DeviceField): string | undefined {
  if (f === 'tags') return d.tags.join(',')
  const v = d[f]
  return v === null || v === undefined ? undefined : String(v)
}

/** The value of each variable for one device: grid value, else the device field, else the default. */
export function resolveValues(
  vars: readonly Variable[],
  d: TargetDevice,
  grid: Readonly<Record<string, unknown>> | undefined,
): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {}
  const errors: string[] = []
  for (const v of vars) {
    const given = grid?.[v.name]
    const raw =
      given !== undefined && given !== null && given !== ''
        ? String(given)
        : ((v.source ? deviceField(d, v.source) : undefined) ?? v.default)
    if (raw === undefined || raw === '') {
      if (v.required)
        errors.push(
          `${v.name} has no value${v.source ? ` (the device's ${v.source} is empty)` : ''}.`,
        )
      else values[v.name] = ''
      continue
    }
    const c = checkValue(v, raw)
    if (c.ok) values[v.name] = c.value
    else errors.push(c.error)
  }
  return { values, errors }
}
