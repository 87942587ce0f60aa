// /api/v1/users: the active tenant's users, for its admins (and super admins), in JSON.
import { Hono, type Context } from 'hono'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { requireRole, requireTenant } from '../http/middleware/require-role.ts'
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
import { readJson } from '../http/json-body.ts'
import { requestActor, requestScope } from '../http/request-actor.ts'

type Ctx = Context<AppEnv>

export function usersApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireRole('admin'), requireTenant()] as const
  const id = (c: Ctx) => c.req.param('userId') ?? ''

  app.get('/users', ...admin, async (c) => {
    return c.json({ users: await listTenantUsers(deps, requestScope(c)) })
  })

  /** Super admins: every account on the appliance with its tenants and roles. */
  app.get('/users/all', requireRole('super_admin'), async (c) => {
    return c.json({ users: await listAllUsers(deps, requestActor(c)) })
  })

  app.post('/users', ...admin, async (c) => {
    const input = await readJson(c, createUserSchema)
    const r = await createTenantUser(deps, requestActor(c), requestScope(c), input)
    c.header('Cache-Control', 'no-store')
    return c.json({ user: r.member, temporaryPassword: r.temporaryPassword }, 201)
  })

  app.get('/users/:userId', ...admin, async (c) => {
    return c.json({ user: await getTenantUser(deps, requestScope(c), id(c)) })
  })

  app.patch('/users/:userId', ...admin, async (c) => {
    const [actor, scope] = [requestActor(c), requestScope(c)]
    let user = await getTenantUser(deps, scope, id(c))
    const patch = await readJson(c, userPatchSchema)
    // the account change first: it is the one that may be refused (shared account), and once it
    // passed the role change cannot be, so a PATCH is never applied by halves
    if (patch.disabled !== undefined) {
      user = await setUserDisabled(deps, actor, scope, user.userId, patch.disabled)
    }
    if (patch.role !== undefined) {
      user = await changeUserRole(deps, actor, scope, user.userId, patch.role)
    }
    return c.json({ user })
  })

  app.post('/users/:userId/reset-password', ...admin, async (c) => {
    const r = await resetUserPassword(deps, requestActor(c), requestScope(c), id(c))
    c.header('Cache-Control', 'no-store')
    return c.json({ user: r.member, temporaryPassword: r.temporaryPassword })
  })

  app.delete('/users/:userId', ...admin, async (c) => {
    await removeTenantUser(deps, requestActor(c), requestScope(c), id(c))
    return c.body(null, 204)
  })

  return app
}
