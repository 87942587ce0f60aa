// View models of maintenance windows (what views may import).
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

export interface WindowView {
  id: string
  name: string
  scopeKind: 'tenant' | 'site' | 'tag' | 'device'
  scopeId: string | null
  /** the device, site or tag name ('' for the tenant) */
  scopeName: string
  kind: 'once' | 'weekly'
  /** once: epoch ms */
  startsAt: number | null
  endsAt: number | null
  /** weekly */
  days: (typeof WEEKDAYS)[number][]
  startTime: string
  durationMin: number
  /** open now: until when (epoch ms) */
  openUntil: number | null
  /** one-off windows in the tenant's zone, for the form (`2026-12-06T02:00`) */
  startsLocal: string
  endsLocal: string
}

export interface ScopeOption {
  kind: 'site' | 'tag' | 'device'
  id: string
  name: string
}
