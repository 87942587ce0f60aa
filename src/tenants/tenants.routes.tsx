// Super admin pages: the tenant list, one tenant's page, and its members. Parse → service → render.
import { Hono, type Context } from 'hono'
import type { FormState } from '../../views/tenants/form-state.ts'
import { TenantDetailPage } from '../../views/tenants/tenant-detail-page.tsx'
import { TenantListPage } from '../../views/tenants/tenant-list-page.tsx'
import { formAction } from '../http/form-action.ts'
import { actorOf } from '../http/request-actor.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, SessionEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { parseForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireSuperAdmin } from '../http/middleware/require-role.ts'
import { memberScopes } from '../http/middleware/tenant-scope.ts'
import { deviceCountsByTenant } from '../overview/index.ts'
import {
  addMember,
  changeMemberRole,
  listTenantMembers,
  removeMember,
} from './memberships.service.ts'
import {
  addMembershipSchema,
  deleteTenantSchema,
  membershipRoleFormSchema,
  tenantFormSchema,
} from './tenants.schema.ts'
import {
  createTenant,
  deleteTenant,
  getTenant,
  listTenantSummaries,
  renameTenant,
  setTenantDisabled,
} from './tenants.service.ts'

type Ctx = Context<SessionEnv>
type DetailForms = { rename?: FormState; addMember?: FormState; remove?: FormState }

async function renderList(c: Ctx, deps: Deps, status: 200 | 422, form?: FormState) {
  const tenants = await listTenantSummaries(deps, actorOf(c))
  // a super admin is a member of every tenant: one scope each (issue 15)
  const deviceCounts = await deviceCountsByTenant(memberScopes(c.var.session, c.var.deps))
  c.status(status)
  const page = (
    <TenantListPage
      tenants={tenants}
      csrfToken={c.var.csrfToken}
      form={form}
      deviceCounts={deviceCounts}
    />
  )
  return c.render(page, { title: 'Tenants' })
}

async function renderDetail(c: Ctx, deps: Deps, status: 200 | 422, forms: DetailForms = {}) {
  const actor = actorOf(c)
  const tenant = await getTenant(deps, actor, c.req.param('tenantId') ?? '')
  const members = await listTenantMembers(deps, actor, tenant.id)
  c.status(status)
  const page = (
    <TenantDetailPage tenant={tenant} members={members} csrfToken={c.var.csrfToken} {...forms} />
  )
  return c.render(page, { title: tenant.name })
}

function done(c: Ctx, message: string, to: string): Response {
  setFlash(c, { kind: 'success', message })
  return redirectTo(c, to)
}

export function tenantsRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const superAdmin = requireSuperAdmin()
  const tenantId = (c: Ctx) => c.req.param('tenantId') ?? ''

  app.get('/tenants', superAdmin, (c) => renderList(c, deps, 200))

  app.post('/tenants', superAdmin, async (c) => {
    const r = await formAction(c, tenantFormSchema, (d) => createTenant(deps, actorOf(c), d.name))
    if (!r.ok) return renderList(c, deps, 422, r.state)
    return done(c, `Tenant ${r.value.name} created.`, `/tenants/${r.value.id}`)
  })

  app.get('/tenants/:tenantId', superAdmin, (c) => renderDetail(c, deps, 200))

  app.post('/tenants/:tenantId/rename', superAdmin, async (c) => {
    await getTenant(deps, actorOf(c), tenantId(c))
    const r = await formAction(c, tenantFormSchema, (d) =>
      renameTenant(deps, actorOf(c), tenantId(c), d.name),
    )
    if (!r.ok) return renderDetail(c, deps, 422, { rename: r.state })
    return done(c, `Tenant renamed to ${r.value.name}.`, `/tenants/${r.value.id}`)
  })

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/tenants/:tenantId/${verb}`, superAdmin, async (c) => {
      const t = await setTenantDisabled(deps, actorOf(c), tenantId(c), disabled)
      return done(c, `Tenant ${t.name} ${disabled ? 'disabled' : 'enabled'}.`, `/tenants/${t.id}`)
    })
  }

  app.post('/tenants/:tenantId/delete', superAdmin, async (c) => {
    await getTenant(deps, actorOf(c), tenantId(c))
    const r = await formAction(c, deleteTenantSchema, (d) =>
      deleteTenant(deps, actorOf(c), tenantId(c), d.confirm),
    )
    if (!r.ok) return renderDetail(c, deps, 422, { remove: r.state })
    return done(c, `Tenant ${r.value.name} deleted.`, '/tenants')
  })

  app.post('/tenants/:tenantId/members', superAdmin, async (c) => {
    await getTenant(deps, actorOf(c), tenantId(c))
    const r = await formAction(c, addMembershipSchema, (d) =>
      addMember(deps, actorOf(c), tenantId(c), d),
    )
    if (!r.ok) return renderDetail(c, deps, 422, { addMember: r.state })
    return done(c, `${r.value.username} added as ${r.value.role}.`, `/tenants/${tenantId(c)}`)
  })

  app.post('/tenants/:tenantId/members/:membershipId/role', superAdmin, async (c) => {
    const { role } = await parseForm(c, membershipRoleFormSchema)
    const id = c.req.param('membershipId')
    const m = await changeMemberRole(deps, actorOf(c), tenantId(c), id, role)
    return done(c, `${m.username} is now ${m.role}.`, `/tenants/${tenantId(c)}`)
  })

  app.post('/tenants/:tenantId/members/:membershipId/remove', superAdmin, async (c) => {
    const m = await removeMember(deps, actorOf(c), tenantId(c), c.req.param('membershipId'))
    return done(c, `${m.username} removed from the tenant.`, `/tenants/${tenantId(c)}`)
  })

  return app
}
