// Tenant admin pages of edge appliances (issue 20): the list with registration and revoke (the
// central side), and this appliance's own link to a central Outpost (the edge side).
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { EdgeCreatedPage } from '../../views/edges/edge-created-page.tsx'
import { EdgeListPage } from '../../views/edges/edge-list-page.tsx'
import type { FormState } from '../../views/tenants/form-state.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { formAction } from '../http/form-action.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { superAdminWithoutTenant } from '../http/middleware/super-admin-without-tenant.ts'
import { actorOf, tenantNameOf } from '../http/request-actor.ts'
import { centralIdentity } from './central-identity.ts'
import { edgeLinkStatus, registerWithCentral } from './edge-link.service.ts'
import { createEdgeRegistration, listEdges, revokeEdge } from './edges.service.ts'

type Ctx = Context<TenantEnv>

const createSchema = z.object({ name: z.string() })
const linkSchema = z.object({
  centralUrl: z.string().trim().min(1, 'Enter the central URL.'),
  token: z.string().trim().min(1, 'Enter the registration token.'),
  fingerprint: z.string().default(''),
})

async function renderList(
  c: Ctx,
  deps: Deps,
  status: 200 | 422,
  forms: { createForm?: FormState; linkForm?: FormState } = {},
) {
  const [edges, link] = await Promise.all([
    listEdges(deps, c.var.scope),
    edgeLinkStatus(c.var.scope),
  ])
  c.status(status)
  const page = (
    <EdgeListPage
      tenantName={tenantNameOf(c.var.session)}
      edges={edges}
      link={link}
      csrfToken={c.var.csrfToken}
      {...forms}
    />
  )
  return c.render(page, { title: 'Edge appliances' })
}

export function edgesRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireTenantRole('admin')] as const

  app.get('/edges', superAdminWithoutTenant('/tenants'), ...admin, (c) => renderList(c, deps, 200))

  app.post('/edges', ...admin, async (c) => {
    const r = await formAction(c, createSchema, (d) =>
      createEdgeRegistration(
        deps,
        actorOf(c),
        c.var.scope,
        d.name,
        centralIdentity(deps.config, c.req.url),
      ),
    )
    if (!r.ok) return renderList(c, deps, 422, { createForm: r.state })
    c.header('Cache-Control', 'no-store')
    return c.render(<EdgeCreatedPage reg={r.value} />, { title: 'Edge registration created' })
  })

  app.post('/edges/link', ...admin, async (c) => {
    const r = await formAction(c, linkSchema, (d) =>
      registerWithCentral(deps, c.var.scope, d, `user ${actorOf(c).name}`),
    )
    if (!r.ok) return renderList(c, deps, 422, { linkForm: r.state })
    setFlash(c, { kind: 'success', message: `Registered with ${r.value.centralUrl}.` })
    return redirectTo(c, '/edges')
  })

  app.post('/edges/:edgeId/revoke', ...admin, async (c) => {
    const e = await revokeEdge(deps, actorOf(c), c.var.scope, c.req.param('edgeId'))
    setFlash(c, { kind: 'success', message: `Edge ${e.name} revoked.` })
    return redirectTo(c, '/edges')
  })

  return app
}
