// Topology and site map use cases: the tenant's laid-out graph, the site map, and site
// coordinates (validated ranges, audited).
import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/index.ts'
import type { DeviceStatus, SiteId } from '../db/schema-devices.ts'
import type { Database } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { NotFoundError } from '../lib/errors.ts'
import { buildGraph } from './build-graph.ts'
import { cachedLayout } from './layout-cache.ts'
import type { SiteLocationInput } from './topology.schema.ts'
import {
  deleteSiteLocation,
  listLinkSnapshots,
  listSitesWithLocation,
  listTopologyDevices,
  siteExists,
  upsertSiteLocation,
} from './topology.repo.ts'
import type { MapSite, SiteMapView, TopologyGraph } from './topology.types.ts'
import { landPath, MAP_H, MAP_W, project } from './world-outline.ts'

export interface TopologyCtx {
  scope: TenantScope
}

export interface TopologyAdminCtx extends TopologyCtx {
  deps: { readonly kysely: Kysely<Database>; readonly clock: { now(): number } }
  actor: { kind: 'user' | 'api_key'; id: string; name: string; ip: string | null }
}

/** The tenant's graph, laid out (managed devices, unmanaged neighbours, links, site boxes). */
export async function topologyGraph(ctx: TopologyCtx): Promise<TopologyGraph> {
  const [devices, sites, snapshots] = await Promise.all([
    listTopologyDevices(ctx.scope),
    listSitesWithLocation(ctx.scope),
    listLinkSnapshots(ctx.scope),
  ])
  const siteNames = new Map<string, string>(sites.map((s) => [s.id, s.name]))
  return cachedLayout(ctx.scope.tenantId, buildGraph(devices, siteNames, snapshots))
}

// worst first: a site is shown in the colour of its worst device
const SEVERITY: readonly DeviceStatus[] = [
  'offline',
  'auth_failed',
  'degraded',
  'unknown',
  'online',
]
const zero = (): Record<DeviceStatus, number> => ({
  online: 0,
  degraded: 0,
  offline: 0,
  auth_failed: 0,
  unknown: 0,
})

/** Sites (own coordinates, else their devices' average) and site-less devices with coordinates. */
export async function siteMap(ctx: TopologyCtx): Promise<SiteMapView> {
  const [devices, sites] = await Promise.all([
    listTopologyDevices(ctx.scope),
    listSitesWithLocation(ctx.scope),
  ])
  const points: Omit<MapSite, 'x' | 'y'>[] = []
  let unplaced = 0
  for (const s of sites) {
    const members = devices.filter((d) => d.site_id === s.id)
    const located = members.filter((d) => d.latitude !== null && d.longitude !== null)
    const own = s.latitude !== null && s.longitude !== null
    if (!own && located.length === 0) {
      unplaced += members.length
      continue
    }
    const avg = (k: 'latitude' | 'longitude') =>
      located.reduce((sum, d) => sum + (d[k] ?? 0), 0) / located.length
    const counts = zero()
    for (const d of members) counts[d.last_status]++
    points.push({
      siteId: s.id,
      name: s.name,
      href: `/devices?site=${encodeURIComponent(s.id)}`,
      latitude: own ? (s.latitude as number) : avg('latitude'),
      longitude: own ? (s.longitude as number) : avg('longitude'),
      source: own ? 'site' : 'devices',
      devices: members.length,
      counts,
      status: SEVERITY.find((k) => counts[k] > 0) ?? 'unknown',
    })
  }
  for (const d of devices) {
    if (d.site_id !== null) continue
    if (d.latitude === null || d.longitude === null) {
      unplaced++
      continue
    }
    const counts = zero()
    counts[d.last_status] = 1
    points.push({
      siteId: null,
      name: d.name,
      href: `/devices/${d.id}`,
      latitude: d.latitude,
      longitude: d.longitude,
      source: 'devices',
      devices: 1,
      counts,
      status: d.last_status,
    })
  }
  return {
    landPath: landPath(),
    width: MAP_W,
    height: MAP_H,
    sites: points.map((p) => ({ ...p, ...project(p.longitude, p.latitude) })),
    siteOptions: sites.map((s) => ({
      id: s.id,
      name: s.name,
      latitude: s.latitude,
      longitude: s.longitude,
    })),
    unplaced,
  }
}

/** Sets (or, with both fields empty, clears) a site's coordinates. */
export async function setSiteLocation(
  ctx: TopologyAdminCtx,
  siteId: string,
  input: SiteLocationInput,
): Promise<void> {
  if (!(await siteExists(ctx.scope, siteId as SiteId)))
    throw new NotFoundError('Site not found.', { code: 'site_not_found' })
  const now = ctx.deps.clock.now()
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(ctx.scope.tenantId)
    if (input.latitude === null || input.longitude === null)
      await deleteSiteLocation(scope, siteId as SiteId)
    else await upsertSiteLocation(scope, siteId as SiteId, input.latitude, input.longitude, now)
    await recordAudit(
      tx.global,
      {
        tenantId: ctx.scope.tenantId,
        actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
        ip: ctx.actor.ip,
        action: 'site.location',
        target: { type: 'site', id: siteId, label: siteId },
        outcome: 'success',
        details: { latitude: input.latitude, longitude: input.longitude },
      },
      now,
    )
  })
}
