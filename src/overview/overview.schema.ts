// Query strings of the cross-customer pages: bad values fall back to defaults (a shared link
// with a stale filter still opens).
import { z } from 'zod'
import type { DeviceEventKind } from '../db/schema-poller.ts'

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v)
const toNumber = (v: unknown) => (typeof v === 'string' && v !== '' ? Number(v) : v)

export const OVERVIEW_STATUSES = [
  'online',
  'degraded',
  'offline',
  'auth_failed',
  'unknown',
  'disabled',
  'attention',
] as const

export const overviewDeviceQuerySchema = z.object({
  q: z.preprocess((v) => blankToNull(v) ?? '', z.string().max(200)).catch(''),
  tenant: z.preprocess(blankToNull, z.string().max(64).nullable()).catch(null),
  status: z.preprocess(blankToNull, z.enum(OVERVIEW_STATUSES).nullable()).catch(null),
  page: z.preprocess(toNumber, z.number().int().min(1).max(10_000)).catch(1),
  per_page: z.preprocess(toNumber, z.number().int().min(10).max(200)).catch(50),
})
export type OverviewDeviceQuery = z.infer<typeof overviewDeviceQuerySchema>

export const EVENT_KINDS = [
  'came_online',
  'went_offline',
  'auth_failed',
  'rebooted',
  'version_changed',
  'identity_changed',
  'host_key_changed',
  'config_change_lost',
  'config_changed',
] as const satisfies readonly DeviceEventKind[]

export const overviewEventQuerySchema = z.object({
  q: z.preprocess((v) => blankToNull(v) ?? '', z.string().max(200)).catch(''),
  tenant: z.preprocess(blankToNull, z.string().max(64).nullable()).catch(null),
  kind: z.preprocess(blankToNull, z.enum(EVENT_KINDS).nullable()).catch(null),
  /** `<at>.<id>` of the last row shown: the next page starts after it */
  before: z
    .preprocess(
      blankToNull,
      z
        .string()
        .regex(/^\d{1,15}\.[0-9A-Za-z-]{1,64}$/)
        .nullable(),
    )
    .catch(null),
  per_page: z.preprocess(toNumber, z.number().int().min(10).max(200)).catch(50),
})
export type OverviewEventQuery = z.infer<typeof overviewEventQuerySchema>
