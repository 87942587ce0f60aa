// /api/v1/users: the active tenant's users, for its admins (and super admins), in JSON.
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../deps.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import {
  changeUserRole,
  createTenantUser,
  createUserSchema,
  getTenantUser,
  listAllUsers,
  listTenantUsers,
  removeTenantUser,
  resetUserPassword,
  setUserDisabled,
  userPatchSchema,
} from '../users/index.ts'
import type { ApiRouter } from './api-router.ts'
import { accountSchema, memberSchema, temporaryPasswordSchema } from './schemas/admin.ts'
import { wrap } from './schemas/common.ts'

type Ctx = Context<TenantEnv>

export function usersApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Users'
  const role = 'admin' as const
  const id = (c: Ctx) => c.req.param('userId') ?? ''
  const user = wrap('user', memberSchema)

  api.tenantRoute(
    {
      method: 'get',
      path: '/users',
      tag,
      role,
      summary: "List the tenant's users",
      responses: { 200: wrap('users', z.array(memberSchema)) },
    },
    async (c) => {
      return c.json({ users: await listTenantUsers(deps, c.var.scope) })
    },
  )

  api.sessionRoute(
    {
      method: 'get',
      path: '/users/all',
      tag,
      role: 'super_admin',
      summary: 'Every account with its tenants and roles',
      responses: { 200: wrap('users', z.array(accountSchema)) },
    },
    async (c) => {
      return c.json({ users: await listAllUsers(deps, actorOf(c)) })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/users',
      tag,
      role,
      summary: 'Create a user (one-time password, shown once)',
      body: createUserSchema,
      responses: { 201: temporaryPasswordSchema },
    },
    async (c) => {
      const input = await readJson(c, createUserSchema)
      const r = await createTenantUser(deps, actorOf(c), c.var.scope, input)
      c.header('Cache-Control', 'no-store')
      return c.json({ user: r.member, temporaryPassword: r.temporaryPassword }, 201)
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/users/:userId',
      tag,
      role,
      summary: 'Read a user',
      responses: { 200: user },
    },
    async (c) => {
      return c.json({ user: await getTenantUser(deps, c.var.scope, id(c)) })
    },
  )

  api.tenantRoute(
    {
      method: 'patch',
      path: '/users/:userId',
      tag,
      role,
      summary: "Change a user's role, disable or enable",
      body: userPatchSchema,
      responses: { 200: user },
    },
    async (c) => {
      const [actor, scope] = [actorOf(c), c.var.scope]
      let u = await getTenantUser(deps, scope, id(c))
      const patch = await readJson(c, userPatchSchema)
      // the account change first: it is the one that may be refused (shared account), and once it
      // passed the role change cannot be, so a PATCH is never applied by halves
      if (patch.disabled !== undefined)
        u = await setUserDisabled(deps, actor, scope, u.userId, patch.disabled)
      if (patch.role !== undefined)
        u = await changeUserRole(deps, actor, scope, u.userId, patch.role)
      return c.json({ user: u })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/users/:userId/reset-password',
      tag,
      role,
      summary: "Reset a user's password (revokes their sessions)",
      responses: { 200: temporaryPasswordSchema },
    },
    async (c) => {
      const r = await resetUserPassword(deps, actorOf(c), c.var.scope, id(c))
      c.header('Cache-Control', 'no-store')
      return c.json({ user: r.member, temporaryPassword: r.temporaryPassword })
    },
  )

  api.tenantRoute(
    {
      method: 'delete',
      path: '/users/:userId',
      tag,
      role,
      summary: 'Remove a user from the tenant (the account stays)',
      responses: { 204: null },
    },
    async (c) => {
      await removeTenantUser(deps, actorOf(c), c.var.scope, id(c))
      return c.body(null, 204)
    },
  )
}
