// Pages of the topology graph and the site map, and the site coordinates form.
import { Hono, type Context } from 'hono'
import { SiteMapPage, type SiteMapPageProps } from '../../views/topology/site-map-page.tsx'
import { TopologyPage } from '../../views/topology/topology-page.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { formAction } from '../http/form-action.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf, canOperate } from '../http/request-actor.ts'
import { siteLocationFormSchema } from './topology.schema.ts'
import { setSiteLocation, siteMap, topologyGraph } from './topology.service.ts'

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))

export function topologyRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const mapPage = async (c: Context<TenantEnv>, form?: SiteMapPageProps['form']) =>
    c.render(
      <SiteMapPage
        map={await siteMap({ scope: c.var.scope })}
        canEdit={canOperate(c.var.session)}
        csrfToken={c.var.csrfToken}
        form={form}
      />,
      { title: 'Site map' },
    )

  app.get('/topology', ...viewer, async (c) =>
    c.render(<TopologyPage graph={await topologyGraph({ scope: c.var.scope })} />, {
      title: 'Topology',
    }),
  )
  app.get('/topology/map', ...viewer, (c) => mapPage(c))
  app.post('/topology/sites/location', ...operator, async (c) => {
    const { kind, id, name, ip } = actorOf(c)
    const ctx = { deps, scope: c.var.scope, actor: { kind, id, name, ip } }
    const r = await formAction(c, siteLocationFormSchema, (input) =>
      setSiteLocation(ctx, input.siteId, input),
    )
    if (r.ok) return c.redirect('/topology/map', 303)
    c.status(422)
    const v = r.state.values ?? {}
    return mapPage(c, {
      siteId: one(v.siteId),
      latitude: one(v.latitude),
      longitude: one(v.longitude),
      errors: r.state.fields ?? {},
    })
  })
  return app
}
