import { z } from 'zod'

const DAY_MS = 86_400_000
const day = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: 'Use the form YYYY-MM-DD.' })
  .refine((v) => v === '' || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'Not a date.' })
  .default('')

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters.` })
    .default('')

/** Query string of the audit page, its CSV export and GET /api/v1/audit. */
export const auditQuerySchema = z
  .object({
    action: text(100),
    actor: text(100),
    outcome: z
      .enum(['', 'success', 'failure'], { error: 'Choose success or failure.' })
      .default(''),
    from: day,
    to: day,
    q: text(200),
    /** super admins: '' or 'all' (every entry), 'none' (appliance-wide), or a tenant id */
    tenant: text(40),
    page: z.coerce
      .number({ error: 'Not a page number.' })
      .int({ error: 'Not a page number.' })
      .min(1, { error: 'Not a page number.' })
      .max(100_000, { error: 'Not a page number.' })
      .default(1),
  })
  .refine((v) => v.from === '' || v.to === '' || v.from <= v.to, {
    error: 'The end date is before the start date.',
    path: ['to'],
  })

/** Epoch ms of the start of a YYYY-MM-DD day in UTC, optionally the day after. */
export function dayStart(value: string, plusDays = 0): number | null {
  if (value === '') return null
  return Date.parse(`${value}T00:00:00Z`) + plusDays * DAY_MS
}
