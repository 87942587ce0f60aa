// Tenant admin pages: the users of the active tenant. Super admins also get every account.
import { Hono, type Context } from 'hono'
import type { FormState } from '../../views/tenants/form-state.ts'
import { AllUsersPage } from '../../views/users/all-users-page.tsx'
import { OneTimePasswordPage } from '../../views/users/one-time-password-page.tsx'
import { UserDetailPage } from '../../views/users/user-detail-page.tsx'
import { UserListPage } from '../../views/users/user-list-page.tsx'
import { formAction } from '../http/form-action.ts'
import { superAdminWithoutTenant } from '../http/middleware/super-admin-without-tenant.ts'
import { actorOf, tenantNameOf } from '../http/request-actor.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { field, parseForm, readForm } from '../http/forms.ts'
import { DeletionReceiptView } from '../../views/privacy/deletion-receipt.tsx'
import { AccountThrottle } from '../auth/index.ts'
import { ValidationError } from '../lib/errors.ts'
import { deleteMemberAccount } from './user-deletion.service.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireSuperAdmin, requireTenantRole } from '../http/middleware/require-role.ts'
import { listAllUsers } from './all-users.service.ts'
import { accountRequestMessage, requestExistingAccount } from './account-request.service.ts'
import { accountRequestSchema, changeRoleSchema, createUserSchema } from './users.schema.ts'
import {
  changeUserRole,
  removeTenantUser,
  resetUserPassword,
  setUserDisabled,
} from './user-changes.service.ts'
import {
  createTenantUser,
  describeTenantUser,
  getTenantUser,
  listTenantUsers,
} from './users.service.ts'
import type { TemporaryPasswordResult } from './users.types.ts'

type Ctx = Context<TenantEnv>

async function renderList(
  c: Ctx,
  deps: Deps,
  status: 200 | 422,
  form?: FormState,
  requestForm?: FormState,
) {
  const s = c.var.session
  const members = await listTenantUsers(deps, c.var.scope)
  c.status(status)
  const page = (
    <UserListPage
      tenantName={tenantNameOf(c.var.session)}
      members={members}
      currentUserId={s.userId}
      isSuperAdmin={s.isSuperAdmin}
      csrfToken={c.var.csrfToken}
      form={form}
      requestForm={requestForm}
    />
  )
  return c.render(page, { title: 'Users' })
}

/** The password is in this response only: keep it out of every cache. */
function renderPassword(c: Ctx, result: TemporaryPasswordResult, reason: 'created' | 'reset') {
  c.header('Cache-Control', 'no-store')
  const page = (
    <OneTimePasswordPage
      member={result.member}
      password={result.temporaryPassword}
      reason={reason}
    />
  )
  return c.render(page, { title: 'One-time password' })
}

export function usersRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireTenantRole('admin')] as const
  const userId = (c: Ctx) => c.req.param('userId') ?? ''
  const done = (c: Ctx, message: string, to: string) => {
    setFlash(c, { kind: 'success', message })
    return redirectTo(c, to)
  }

  app.get('/users', superAdminWithoutTenant('/users/all'), ...admin, (c) =>
    renderList(c, deps, 200),
  )

  app.get('/users/all', requireSuperAdmin(), async (c) => {
    const users = await listAllUsers(deps, actorOf(c))
    return c.render(<AllUsersPage users={users} />, { title: 'All users' })
  })

  app.post('/users', ...admin, async (c) => {
    const r = await formAction(c, createUserSchema, (d) =>
      createTenantUser(deps, actorOf(c), c.var.scope, d),
    )
    if (!r.ok) return renderList(c, deps, 422, r.state)
    return renderPassword(c, r.value, 'created')
  })

  // Same answer whether or not the name exists (account-request.service.ts).
  app.post('/users/account-requests', ...admin, async (c) => {
    const r = await formAction(c, accountRequestSchema, async (d) => {
      await requestExistingAccount(deps, actorOf(c), c.var.scope, d)
      return d
    })
    if (!r.ok) return renderList(c, deps, 422, undefined, r.state)
    const message = accountRequestMessage(
      r.value.username,
      tenantNameOf(c.var.session),
      r.value.role,
    )
    setFlash(c, { kind: 'info', message })
    return redirectTo(c, '/users')
  })

  app.get('/users/:userId', ...admin, async (c) => {
    const detail = await describeTenantUser(deps, actorOf(c), c.var.scope, userId(c))
    const page = (
      <UserDetailPage
        detail={detail}
        tenantName={tenantNameOf(c.var.session)}
        csrfToken={c.var.csrfToken}
      />
    )
    return c.render(page, { title: detail.member.username })
  })

  app.post('/users/:userId/role', ...admin, async (c) => {
    // another tenant's user is a 404 whatever the form says
    await getTenantUser(deps, c.var.scope, userId(c))
    const { role } = await parseForm(c, changeRoleSchema)
    const m = await changeUserRole(deps, actorOf(c), c.var.scope, userId(c), role)
    return done(c, `${m.username} is now ${m.role}.`, `/users/${m.userId}`)
  })

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/users/:userId/${verb}`, ...admin, async (c) => {
      const m = await setUserDisabled(deps, actorOf(c), c.var.scope, userId(c), disabled)
      return done(c, `${m.username} ${disabled ? 'disabled' : 'enabled'}.`, `/users/${m.userId}`)
    })
  }

  app.post('/users/:userId/reset-password', ...admin, async (c) => {
    const result = await resetUserPassword(deps, actorOf(c), c.var.scope, userId(c))
    return renderPassword(c, result, 'reset')
  })

  // account deletion on the user's behalf (issue 19): the receipt is shown once
  const deletions = new AccountThrottle(deps.clock)
  app.post('/users/:userId/delete-account', ...admin, async (c) => {
    const password = field(await readForm(c), 'password')
    try {
      const receipt = await deleteMemberAccount(
        deps,
        actorOf(c),
        c.var.scope,
        userId(c),
        password,
        deletions,
      )
      c.header('Cache-Control', 'no-store')
      return c.render(<DeletionReceiptView receipt={receipt} who="The account was" />, {
        title: 'Account deleted',
      })
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      const message = err.fields.password ?? err.message
      setFlash(c, { kind: 'error', message })
      return redirectTo(c, `/users/${userId(c)}#delete-account`)
    }
  })

  app.post('/users/:userId/remove', ...admin, async (c) => {
    const m = await removeTenantUser(deps, actorOf(c), c.var.scope, userId(c))
    return done(c, `${m.username} removed from ${tenantNameOf(c.var.session)}.`, '/users')
  })

  return app
}
