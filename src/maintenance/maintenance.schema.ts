// zod schemas of maintenance windows: the same input for the form and the JSON API. One-off
// windows give local start and end (in the tenant's zone); weekly ones days, a start time and a
// duration.
import { z } from 'zod'
import { WEEKDAYS } from './maintenance.types.ts'

const local = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/, 'Enter a date and time (YYYY-MM-DDTHH:MM).')

export const windowInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.'),
  scopeKind: z.enum(['tenant', 'site', 'tag', 'device'], {
    error: 'Pick tenant, site, tag or device.',
  }),
  scopeId: z
    .string()
    .trim()
    .max(40)
    .nullish()
    .describe('the site, tag or device id (not for tenant)'),
  kind: z.enum(['once', 'weekly'], { error: 'Pick one-off or weekly.' }),
  startsAt: local.optional().describe("once: local start in the tenant's time zone"),
  endsAt: local.optional().describe('once: local end'),
  days: z.array(z.enum(WEEKDAYS)).max(7).optional().describe('weekly: Mon … Sun'),
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time (HH:MM).')
    .optional()
    .describe('weekly: local start'),
  durationMin: z.coerce
    .number({ error: 'Enter minutes.' })
    .int('Enter whole minutes.')
    .min(1, 'At least 1 minute.')
    .max(7 * 1440, 'At most a week.')
    .optional(),
})
export type WindowInput = z.output<typeof windowInputSchema>

export const timeZoneSchema = z.object({
  timeZone: z.string().trim().min(1, 'Enter a time zone.').max(64),
})

/** The HTML form: empty fields are absent, a single ticked day is still a list. */
export const windowFormSchema = z.preprocess((v) => {
  if (typeof v !== 'object' || v === null) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) if (x !== '') out[k] = x
  if (typeof out.days === 'string') out.days = [out.days]
  return out
}, windowInputSchema)
