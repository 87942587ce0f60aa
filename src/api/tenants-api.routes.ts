// /api/v1/tenants: the super admin's tenant and membership operations, in JSON.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { requireRole } from '../http/middleware/require-role.ts'
import {
  addMember,
  addMembershipSchema,
  changeMemberRole,
  createTenant,
  deleteTenant,
  getTenant,
  listTenantMembers,
  listTenantSummaries,
  membershipRoleFormSchema,
  removeMember,
  renameTenant,
  setTenantDisabled,
  tenantFormSchema,
  tenantPatchSchema,
  type Tenant,
} from '../tenants/index.ts'
import { readJson } from '../http/json-body.ts'
import { requestActor } from '../http/request-actor.ts'

type Ctx = Context<AppEnv>

function tenantJson(t: Tenant) {
  return { id: t.id, name: t.name, createdAt: t.created_at, isDisabled: t.is_disabled === 1 }
}

const confirmSchema = z.object({
  confirm: z.string({ error: 'Repeat the tenant name in confirm.' }),
})

export function tenantsApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const superAdmin = requireRole('super_admin')
  const id = (c: Ctx) => c.req.param('tenantId') ?? ''

  app.get('/tenants', superAdmin, async (c) => {
    return c.json({ tenants: await listTenantSummaries(deps, requestActor(c)) })
  })

  app.post('/tenants', superAdmin, async (c) => {
    const { name } = await readJson(c, tenantFormSchema)
    const tenant = await createTenant(deps, requestActor(c), name)
    return c.json({ tenant: tenantJson(tenant) }, 201)
  })

  app.get('/tenants/:tenantId', superAdmin, async (c) => {
    return c.json({ tenant: tenantJson(await getTenant(deps, requestActor(c), id(c))) })
  })

  app.patch('/tenants/:tenantId', superAdmin, async (c) => {
    const actor = requestActor(c)
    let tenant = await getTenant(deps, actor, id(c))
    const patch = await readJson(c, tenantPatchSchema)
    // the rename first: it is the one that may be refused (name taken), so nothing is half-done
    if (patch.name !== undefined) tenant = await renameTenant(deps, actor, tenant.id, patch.name)
    if (patch.disabled !== undefined) {
      tenant = await setTenantDisabled(deps, actor, tenant.id, patch.disabled)
    }
    return c.json({ tenant: tenantJson(tenant) })
  })

  /** DELETE needs `?confirm=<exact tenant name>`, like the page's typed confirmation. */
  app.delete('/tenants/:tenantId', superAdmin, async (c) => {
    const actor = requestActor(c)
    await getTenant(deps, actor, id(c))
    const parsed = confirmSchema.safeParse({ confirm: c.req.query('confirm') })
    await deleteTenant(deps, actor, id(c), parsed.success ? parsed.data.confirm : '')
    return c.body(null, 204)
  })

  app.get('/tenants/:tenantId/members', superAdmin, async (c) => {
    return c.json({ members: await listTenantMembers(deps, requestActor(c), id(c)) })
  })

  app.post('/tenants/:tenantId/members', superAdmin, async (c) => {
    const actor = requestActor(c)
    await getTenant(deps, actor, id(c))
    const input = await readJson(c, addMembershipSchema)
    return c.json({ member: await addMember(deps, actor, id(c), input) }, 201)
  })

  app.patch('/tenants/:tenantId/members/:membershipId', superAdmin, async (c) => {
    const actor = requestActor(c)
    await getTenant(deps, actor, id(c))
    const { role } = await readJson(c, membershipRoleFormSchema)
    const member = await changeMemberRole(deps, actor, id(c), c.req.param('membershipId'), role)
    return c.json({ member })
  })

  app.delete('/tenants/:tenantId/members/:membershipId', superAdmin, async (c) => {
    await removeMember(deps, requestActor(c), id(c), c.req.param('membershipId'))
    return c.body(null, 204)
  })

  return app
}
