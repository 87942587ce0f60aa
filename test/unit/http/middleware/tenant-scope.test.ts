// The typed guards: a handler behind requireTenantRole() has a TenantScope and a session with an
// active tenant by type (tsc checks the assertions below as part of npm test), and at run time
// the guard is what makes that true.
import { Hono, type Context } from 'hono'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { SessionInfo } from '../../../../src/auth/index.ts'
import { openDatabase } from '../../../../src/db/connect.ts'
import type { TenantScope } from '../../../../src/db/tenant-scope.ts'
import type { Deps } from '../../../../src/deps.ts'
import type { AppEnv, SessionEnv, TenantEnv, TenantSession } from '../../../../src/http/env.ts'
import { requireSignedIn, requireTenantRole } from '../../../../src/http/middleware/require-role.ts'
import { actorOf } from '../../../../src/http/request-actor.ts'
import { ForbiddenError } from '../../../../src/lib/errors.ts'
import type { TenantId, UserId } from '../../../../src/lib/ids.ts'

const tenantA = 'T-A' as TenantId
const base: SessionInfo = {
  userId: 'U-1' as UserId,
  username: 'ana',
  displayName: null,
  isSuperAdmin: false,
  mustChangePassword: false,
  via: 'cookie',
  activeTenantId: tenantA,
  role: 'operator',
  memberships: [{ tenantId: tenantA, tenantName: 'A', role: 'operator' }],
}

function appWith(session: SessionInfo | undefined) {
  const { kysely } = openDatabase(':memory:')
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', { kysely, config: { trustProxy: false } } as unknown as Deps)
    c.set('session', session)
    await next()
  })
  app.onError((err, c) => c.text(err.message, err instanceof ForbiddenError ? 403 : 500))
  app.get('/op', requireTenantRole('operator'), (c) => {
    // the guard's promise, checked by tsc: no undefined to handle
    expectTypeOf(c.var.scope).toEqualTypeOf<TenantScope>()
    expectTypeOf(c.var.session).toEqualTypeOf<TenantSession>()
    expectTypeOf(c.var.session.activeTenantId).toEqualTypeOf<TenantId>()
    return c.json({ tenant: c.var.scope.tenantId, actor: actorOf(c).name })
  })
  app.get('/me', requireSignedIn(), (c) => {
    expectTypeOf(c.var.session).toEqualTypeOf<SessionInfo>()
    // a signed-in route has no tenant guarantee: reading the scope must handle "none"
    // @ts-expect-error scope is possibly undefined without requireTenantRole()
    const tenantId: string = c.var.scope.tenantId
    return c.text(typeof tenantId)
  })
  return app
}

describe('requireTenantRole', () => {
  it('hands the handler the scope of the active tenant and the acting principal', async () => {
    const res = await appWith(base).request('/op')
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toEqual({ tenant: tenantA, actor: 'ana' })
  })

  it('refuses a role below the minimum, and a session without an active tenant, before the handler runs', async () => {
    expect((await appWith({ ...base, role: 'viewer' }).request('/op')).status).toBe(403)
    const noTenant = await appWith({ ...base, activeTenantId: null, role: null }).request('/op')
    expect(noTenant.status).toBe(403)
    expect(await noTenant.text()).toContain('Select a tenant first')
  })

  it('sends a request without a session to sign in', async () => {
    const res = await appWith(undefined).request('/op')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toContain('/login')
  })
})

describe('typed contexts', () => {
  it('lets helpers written for a TenantEnv take the context of a guarded handler', () => {
    const helper = (c: Context<TenantEnv>) => c.var.scope.tenantId
    const sessionHelper = <E extends SessionEnv>(c: Context<E>) => actorOf(c).kind
    expectTypeOf(helper).parameter(0).toEqualTypeOf<Context<TenantEnv>>()
    expectTypeOf(sessionHelper<TenantEnv>).returns.toEqualTypeOf<'user' | 'api_key'>()
  })
})
