// zod schemas of the syslog domain: the log search query (pages and API) and the retention form.
import { z } from 'zod'
import { SEVERITY_NAMES } from './syslog.types.ts'

const severityNames = z.enum(SEVERITY_NAMES)
const time = z.union([
  z.iso.datetime({ offset: true }),
  z.iso.datetime({ local: true }),
  z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/),
])

/** `?q=&severity=warning&from=&to=&before=&limit=` */
export const logQuerySchema = z.object({
  q: z.string().trim().max(200, 'Enter up to 200 characters.').optional(),
  severity: z
    .union([severityNames, z.literal('')])
    .optional()
    .describe('this severity or worse'),
  from: z
    .union([time, z.literal('')])
    .optional()
    .describe('ISO date-time (UTC unless it has an offset)'),
  to: z.union([time, z.literal('')]).optional(),
  before: z
    .string()
    .regex(/^\d+-\d+$/, 'Not a page cursor.')
    .optional()
    .describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})
export type LogQuery = z.output<typeof logQuerySchema>

export const logCapsSchema = z.object({
  maxLines: z.coerce
    .number({ error: 'Enter a number.' })
    .int('Enter a whole number.')
    .min(100, 'At least 100 lines.')
    .max(10_000_000, 'At most 10,000,000 lines.'),
  maxDays: z.coerce
    .number({ error: 'Enter a number.' })
    .int('Enter a whole number.')
    .min(1, 'At least 1 day.')
    .max(3650, 'At most 3650 days.'),
})
export type LogCapsInput = z.output<typeof logCapsSchema>
