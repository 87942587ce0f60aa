// The cross-customer view (issue 15): one query per tenant the user belongs to, each through that
// tenant's own scope, merged here. Roles stay per tenant: these pages only read, and opening a
// device switches the session to its tenant, where that membership's role applies.
import type { TenantScope } from '../db/tenant-scope.ts'
import {
  countByStatus,
  countDevices,
  findDeviceName,
  listDevicesByName,
  listEventsBefore,
} from './overview.repo.ts'
import type { OverviewDeviceQuery, OverviewEventQuery } from './overview.schema.ts'
import type {
  DeviceLocation,
  DeviceSearchPage,
  EventPage,
  FleetOverview,
  StatusCounts,
  TenantDevice,
  TenantRef,
} from './overview.types.ts'

/** A tenant of the user with its scope (built by the HTTP guard, one per membership). */
export type MemberScope = TenantRef & { scope: TenantScope }

const ATTENTION_SHOWN = 10
const SEVERITY = { auth_failed: 0, offline: 1, degraded: 2, unknown: 3, online: 4 } as const

const ref = (m: MemberScope): TenantRef => ({
  tenantId: m.tenantId,
  tenantName: m.tenantName,
  role: m.role,
})

function sum(all: StatusCounts[]): StatusCounts {
  const t: StatusCounts = {
    total: 0,
    online: 0,
    degraded: 0,
    offline: 0,
    auth_failed: 0,
    unknown: 0,
    disabled: 0,
  }
  for (const c of all) for (const k of Object.keys(t) as (keyof StatusCounts)[]) t[k] += c[k]
  return t
}

/** The fleet of every tenant: counts per tenant and the worst devices of all of them. */
export async function loadFleetOverview(members: MemberScope[]): Promise<FleetOverview> {
  const attention = { q: '', status: 'attention' as const }
  const per = await Promise.all(
    members.map(async (m) => ({
      m,
      counts: await countByStatus(m.scope),
      worst: await listDevicesByName(m.scope, attention, ATTENTION_SHOWN),
    })),
  )
  const rows: TenantDevice[] = per.flatMap((p) => p.worst.map((d) => ({ ...d, tenant: ref(p.m) })))
  rows.sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status] || a.name.localeCompare(b.name))
  const totals = sum(per.map((p) => p.counts))
  return {
    tenants: per.map((p) => ({ ...ref(p.m), counts: p.counts })),
    totals,
    attention: rows.slice(0, ATTENTION_SHOWN),
    attentionTotal: totals.offline + totals.auth_failed + totals.degraded,
  }
}

const inTenantFilter = (members: MemberScope[], tenant: string | null) =>
  tenant === null ? members : members.filter((m) => m.tenantId === tenant)

/**
 * One page of devices of all (or one of) the user's tenants, by name. Each tenant gives its
 * first page×per_page names and the merge keeps the page's slice, so deep pages cost more; one
 * tenant alone pages with OFFSET.
 */
export async function searchAllDevices(
  members: MemberScope[],
  query: OverviewDeviceQuery,
): Promise<DeviceSearchPage> {
  const chosen = inTenantFilter(members, query.tenant)
  const counts = await Promise.all(chosen.map((m) => countDevices(m.scope, query)))
  const total = counts.reduce((a, b) => a + b, 0)
  const pageCount = Math.max(1, Math.ceil(total / query.per_page))
  const page = Math.min(query.page, pageCount)
  const skip = (page - 1) * query.per_page
  let rows: TenantDevice[]
  if (chosen.length === 1 && chosen[0]) {
    const m = chosen[0]
    const found = await listDevicesByName(m.scope, query, query.per_page, skip)
    rows = found.map((d) => ({ ...d, tenant: ref(m) }))
  } else {
    const lists = await Promise.all(
      chosen.map(async (m, i) =>
        counts[i] === 0
          ? []
          : (await listDevicesByName(m.scope, query, skip + query.per_page)).map((d) => ({
              ...d,
              tenant: ref(m),
            })),
      ),
    )
    rows = lists
      .flat()
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
      .slice(skip, skip + query.per_page)
  }
  return { query: { ...query, page }, rows, total, pageCount }
}

function cursorOf(before: string | null): { at: number; id: string } | undefined {
  if (before === null) return undefined
  const dot = before.indexOf('.')
  return { at: Number(before.slice(0, dot)), id: before.slice(dot + 1) }
}

/** Newest events of all (or one of) the user's tenants, one page older than the cursor. */
export async function listAllEvents(
  members: MemberScope[],
  query: OverviewEventQuery,
): Promise<EventPage> {
  const before = cursorOf(query.before)
  const lists = await Promise.all(
    inTenantFilter(members, query.tenant).map(async (m) =>
      (await listEventsBefore(m.scope, query, before, query.per_page + 1)).map((e) => ({
        ...e,
        tenant: ref(m),
      })),
    ),
  )
  const merged = lists
    .flat()
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  const rows = merged.slice(0, query.per_page)
  const last = rows.at(-1)
  const older = merged.length > query.per_page && last ? `${last.at}.${last.id}` : undefined
  return { query, rows, older }
}

/** Which of the user's tenants holds the device (the active one is looked at first). */
export async function locateDevice(
  members: MemberScope[],
  activeTenantId: string | null,
  deviceId: string,
): Promise<DeviceLocation | undefined> {
  const ordered = [...members].sort(
    (a, b) => Number(b.tenantId === activeTenantId) - Number(a.tenantId === activeTenantId),
  )
  for (const m of ordered) {
    const name = await findDeviceName(m.scope, deviceId)
    if (name !== undefined) {
      const isActiveTenant = m.tenantId === activeTenantId
      return { tenant: ref(m), deviceId, deviceName: name, isActiveTenant }
    }
  }
  return undefined
}

/** Devices by status of each tenant (the Tenants list), keyed by tenant id. */
export async function deviceCountsByTenant(
  members: MemberScope[],
): Promise<Map<string, StatusCounts>> {
  const counts = await Promise.all(members.map((m) => countByStatus(m.scope)))
  return new Map(members.map((m, i) => [m.tenantId, counts[i] as StatusCounts]))
}
