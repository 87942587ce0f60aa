// Input of the reports forms and API: a kind and a period of calendar days; a monthly schedule.
import { z } from 'zod'
import { REPORT_KINDS } from './reports.types.ts'

const day = z.string().trim().max(10)

export const reportInputSchema = z.object({
  kind: z.enum(REPORT_KINDS, 'Choose a report kind.'),
  from: day.describe("first day, YYYY-MM-DD, in the tenant's time zone"),
  to: day.describe('last day (included), YYYY-MM-DD'),
  /** send the PDF through this e-mail channel once stored */
  channelId: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
})
export type ReportInput = z.infer<typeof reportInputSchema>

export const scheduleInputSchema = z.object({
  kind: z.enum(REPORT_KINDS, 'Choose a report kind.'),
  channelId: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v)),
})
export type ScheduleInput = z.infer<typeof scheduleInputSchema>
