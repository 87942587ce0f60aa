// /api/v1/tenants: the super admin's tenant and membership operations, in JSON.
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../deps.ts'
import type { SessionEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
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
import type { ApiRouter } from './api-router.ts'
import { memberSchema, tenantSchema, tenantSummarySchema } from './schemas/admin.ts'
import { wrap } from './schemas/common.ts'

type Ctx = Context<SessionEnv>

function tenantJson(t: Tenant) {
  return { id: t.id, name: t.name, createdAt: t.created_at, isDisabled: t.is_disabled === 1 }
}

const confirmSchema = z.object({
  confirm: z
    .string({ error: 'Repeat the tenant name in confirm.' })
    .describe('the exact tenant name'),
})

export function tenantsApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Tenants'
  const role = 'super_admin' as const
  const id = (c: Ctx) => c.req.param('tenantId') ?? ''
  const tenant = wrap('tenant', tenantSchema)
  const member = wrap('member', memberSchema)

  api.sessionRoute(
    {
      method: 'get',
      path: '/tenants',
      tag,
      role,
      summary: 'List tenants',
      responses: { 200: wrap('tenants', z.array(tenantSummarySchema)) },
    },
    async (c) => {
      return c.json({ tenants: await listTenantSummaries(deps, actorOf(c)) })
    },
  )

  api.sessionRoute(
    {
      method: 'post',
      path: '/tenants',
      tag,
      role,
      summary: 'Create a tenant',
      body: tenantFormSchema,
      responses: { 201: tenant },
    },
    async (c) => {
      const { name } = await readJson(c, tenantFormSchema)
      return c.json({ tenant: tenantJson(await createTenant(deps, actorOf(c), name)) }, 201)
    },
  )

  api.sessionRoute(
    {
      method: 'get',
      path: '/tenants/:tenantId',
      tag,
      role,
      summary: 'Read a tenant',
      responses: { 200: tenant },
    },
    async (c) => {
      return c.json({ tenant: tenantJson(await getTenant(deps, actorOf(c), id(c))) })
    },
  )

  api.sessionRoute(
    {
      method: 'patch',
      path: '/tenants/:tenantId',
      tag,
      role,
      summary: 'Rename, disable or enable a tenant',
      body: tenantPatchSchema,
      responses: { 200: tenant },
    },
    async (c) => {
      const actor = actorOf(c)
      let t = await getTenant(deps, actor, id(c))
      const patch = await readJson(c, tenantPatchSchema)
      // the rename first: it is the one that may be refused (name taken), so nothing is half-done
      if (patch.name !== undefined) t = await renameTenant(deps, actor, t.id, patch.name)
      if (patch.disabled !== undefined)
        t = await setTenantDisabled(deps, actor, t.id, patch.disabled)
      return c.json({ tenant: tenantJson(t) })
    },
  )

  /** DELETE needs `?confirm=<exact tenant name>`, like the page's typed confirmation. */
  api.sessionRoute(
    {
      method: 'delete',
      path: '/tenants/:tenantId',
      tag,
      role,
      summary: 'Delete a tenant (?confirm=<exact name>)',
      query: confirmSchema,
      responses: { 204: null },
    },
    async (c) => {
      const actor = actorOf(c)
      await getTenant(deps, actor, id(c))
      const parsed = confirmSchema.safeParse({ confirm: c.req.query('confirm') })
      await deleteTenant(deps, actor, id(c), parsed.success ? parsed.data.confirm : '')
      return c.body(null, 204)
    },
  )

  api.sessionRoute(
    {
      method: 'get',
      path: '/tenants/:tenantId/members',
      tag,
      role,
      summary: "List a tenant's members",
      responses: { 200: wrap('members', z.array(memberSchema)) },
    },
    async (c) => {
      return c.json({ members: await listTenantMembers(deps, actorOf(c), id(c)) })
    },
  )

  api.sessionRoute(
    {
      method: 'post',
      path: '/tenants/:tenantId/members',
      tag,
      role,
      summary: 'Add an existing user to a tenant',
      body: addMembershipSchema,
      responses: { 201: member },
    },
    async (c) => {
      const actor = actorOf(c)
      await getTenant(deps, actor, id(c))
      const input = await readJson(c, addMembershipSchema)
      return c.json({ member: await addMember(deps, actor, id(c), input) }, 201)
    },
  )

  api.sessionRoute(
    {
      method: 'patch',
      path: '/tenants/:tenantId/members/:membershipId',
      tag,
      role,
      summary: "Change a member's role",
      body: membershipRoleFormSchema,
      responses: { 200: member },
    },
    async (c) => {
      const actor = actorOf(c)
      await getTenant(deps, actor, id(c))
      const { role: r } = await readJson(c, membershipRoleFormSchema)
      return c.json({
        member: await changeMemberRole(deps, actor, id(c), c.req.param('membershipId') ?? '', r),
      })
    },
  )

  api.sessionRoute(
    {
      method: 'delete',
      path: '/tenants/:tenantId/members/:membershipId',
      tag,
      role,
      summary: 'Remove a member',
      responses: { 204: null },
    },
    async (c) => {
      await removeMember(deps, actorOf(c), id(c), c.req.param('membershipId') ?? '')
      return c.body(null, 204)
    },
  )
}
