import { z } from 'zod'
import { textRule } from '../lib/input-rules.ts'

/** Sites, tags and groups share one shape (the same name rules as a device name). */
export const labelSchema = z.object({
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(1, { error: 'Enter a name.' })
    .max(100, { error: 'Use at most 100 characters.' })
    .superRefine(textRule('name')),
  description: z.preprocess(
    (v) =>
      v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
        ? ''
        : typeof v === 'string'
          ? v.trim()
          : v,
    z
      .string()
      .max(500, { error: 'Use at most 500 characters.' })
      .superRefine(textRule('multiline')),
  ),
})
export type LabelInput = z.infer<typeof labelSchema>
