// zod schemas of the alerts domain: rule input (pages and API share it, camelCase), alert filters.
import { z } from 'zod'
import { RULE_KIND_NAMES, SYSLOG_SEVERITIES } from './rules.ts'

const severity = z.enum(['info', 'warning', 'critical'], {
  error: 'Choose info, warning or critical.',
})
const scopeKind = z.enum(['tenant', 'site', 'tag', 'device'], {
  error: 'Choose tenant, site, tag or device.',
})
const num = (min: number, max: number) =>
  z.coerce
    .number({ error: 'Enter a number.' })
    .min(min, `Enter at least ${min}.`)
    .max(max, `Enter at most ${max}.`)
const optionalText = z
  .string()
  .trim()
  .max(200, 'Use at most 200 characters.')
  .nullish()
  .transform((v) => (v === '' || v === undefined || v === null ? null : v))
const bool = z
  .union([z.boolean(), z.enum(['true', 'false', 'on'])])
  .transform((v) => v === true || v === 'true' || v === 'on')

export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
    kind: z.enum(RULE_KIND_NAMES as [string, ...string[]], {
      error: `Choose one of: ${RULE_KIND_NAMES.join(', ')}.`,
    }),
    label: optionalText.describe(
      'sensor or interface name; empty = any. For syslog_pattern: the pattern (case-insensitive substring, or a glob with * and ?)',
    ),
    comparison: z.enum(['>', '<'], { error: 'Choose > or <.' }).default('>'),
    threshold: num(-1e12, 1e12).default(0),
    durationS: num(0, 7 * 86400)
      .int('Enter whole seconds.')
      .default(0),
    polls: num(1, 1000).int('Enter a whole number.').default(1),
    hysteresis: num(0, 1e12).default(0),
    severity: severity.default('warning'),
    scopeKind: scopeKind.default('tenant'),
    scopeId: optionalText,
    enabled: bool.default(true),
    minSeverity: z
      .enum(SYSLOG_SEVERITIES, { error: `Choose one of: ${SYSLOG_SEVERITIES.join(', ')}.` })
      .optional()
      .describe(
        'syslog_pattern only: the least severe line that counts (stored as threshold 0-7); default debug = any',
      ),
  })
  .strict()
  .refine((r) => r.scopeKind === 'tenant' || r.scopeId !== null, {
    path: ['scopeId'],
    message: 'Choose the site, tag or device.',
  })
  .refine((r) => r.kind !== 'syslog_pattern' || r.label !== null, {
    path: ['label'],
    message: 'Enter the text pattern to look for.',
  })

export type RuleInput = z.output<typeof ruleInputSchema>

export const rulePatchSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(120),
    threshold: num(-1e12, 1e12),
    durationS: num(0, 7 * 86400).int(),
    polls: num(1, 1000).int(),
    hysteresis: num(0, 1e12),
    severity,
    enabled: bool,
  })
  .partial()
  .strict()

export type RulePatch = z.output<typeof rulePatchSchema>

export const ackSchema = z
  .object({ note: z.string().trim().max(1000, 'Use at most 1000 characters.').default('') })
  .strict()

export const alertListQuerySchema = z.object({
  state: z.enum(['open', 'acknowledged', 'resolved', 'active']).optional(),
  deviceId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
