// Forms and JSON bodies of compliance: the firmware setting and custom rules.
import { z } from 'zod'

/** A menu path as RouterOS spells it: `/ip service`, `/ip/service` or `ip service`. */
const menuPath = z
  .string()
  .trim()
  .min(1, 'Enter a RouterOS menu path, e.g. /ip service.')
  .max(120)
  .refine(
    (p) =>
      p
        .split(/[\s/]+/)
        .filter((w) => w !== '')
        .every((w) => /^[a-z0-9-]+$/.test(w)),
    'Use menu words only, e.g. /ip service or /system ntp client.',
  )

export const customRuleSchema = z.object({
  name: z.string().trim().min(1, 'Give the rule a name.').max(80),
  path: menuPath,
  mode: z.enum(['must_contain', 'must_not_contain'], {
    error: 'Choose "must contain" or "must not contain".',
  }),
  pattern: z
    .string()
    .min(1, 'Enter the text to look for.')
    .max(200)
    .refine((s) => !/[\r\n]/.test(s), 'The text must be on one line.'),
})
export type CustomRuleInput = z.infer<typeof customRuleSchema>

export const settingsSchema = z.object({
  firmwareMaxBehind: z.coerce
    .number({ error: 'Enter a number of releases.' })
    .int('Enter a whole number.')
    .min(0, 'At least 0.')
    .max(50, 'At most 50.'),
})
