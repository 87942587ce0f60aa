// Input of discovery: a scan request and an adoption request (pages and the JSON API alike).
import { z } from 'zod'
import { textRule } from '../lib/input-rules.ts'

/** What a scan probes unless told otherwise: API, API-SSL, SSH, WinBox, HTTP, HTTPS. */
export const DEFAULT_PORTS = [8728, 8729, 22, 8291, 80, 443] as const

const portList = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === '') return undefined
    if (typeof v === 'string')
      return v
        .split(/[\s,]+/)
        .filter((x) => x !== '')
        .map(Number)
    return v
  },
  z
    .array(
      z
        .number({ error: 'Ports are numbers from 1 to 65535.' })
        .int({ error: 'Ports are whole numbers from 1 to 65535.' })
        .min(1, { error: 'Ports are numbers from 1 to 65535.' })
        .max(65535, { error: 'Ports are numbers from 1 to 65535.' }),
    )
    .min(1, { error: 'Name at least one port.' })
    .max(16, { error: 'Probe at most 16 ports.' })
    .optional(),
)

export const scanInputSchema = z.object({
  cidr: z
    .string({ error: 'Enter a range like 192.168.88.0/24.' })
    .trim()
    .min(1, { error: 'Enter a range like 192.168.88.0/24.' })
    .max(43, { error: 'Enter a range like 192.168.88.0/24.' }),
  ports: portList,
})
export type ScanInput = z.infer<typeof scanInputSchema>

const ids = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.string().min(1).max(64))
    .min(1, { error: 'Select at least one entry.' })
    .max(500, { error: 'Adopt at most 500 at once.' }),
)

const optionalId = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : (v ?? null)),
  z.string().max(64).nullable(),
)

/** Adopting one or many entries: one set of credentials (or a credential profile) and a site. */
export const adoptInputSchema = z.object({
  candidate_ids: ids,
  username: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : (v ?? null)),
    z
      .string()
      .trim()
      .max(100, { error: 'The user name is too long.' })
      .superRefine(textRule('line'))
      .nullable(),
  ),
  password: z.preprocess(
    (v) => v ?? '',
    z.string().max(200, { error: 'The password is too long.' }).superRefine(textRule('line')),
  ),
  credential_profile_id: optionalId,
  site_id: optionalId,
})
export type AdoptInput = z.infer<typeof adoptInputSchema>
