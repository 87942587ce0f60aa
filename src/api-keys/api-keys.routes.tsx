// Tenant admin pages: the active tenant's API keys (list, create and show once, re-issue, revoke).
import { Hono, type Context } from 'hono'
import { ApiKeyCreatedPage } from '../../views/api-keys/api-key-created-page.tsx'
import { ApiKeyListPage } from '../../views/api-keys/api-key-list-page.tsx'
import type { FormState } from '../../views/tenants/form-state.ts'
import { formAction } from '../http/form-action.ts'
import { superAdminWithoutTenant } from '../http/middleware/super-admin-without-tenant.ts'
import { actorOf, tenantNameOf } from '../http/request-actor.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { createApiKeySchema } from './api-keys.schema.ts'
import { createApiKey, listApiKeys, reissueApiKey, revokeApiKey } from './api-keys.service.ts'
import type { CreatedApiKey } from './api-keys.types.ts'

type Ctx = Context<TenantEnv>

async function renderList(c: Ctx, deps: Deps, status: 200 | 422, form?: FormState) {
  const keys = await listApiKeys(deps, c.var.scope)
  c.status(status)
  const page = (
    <ApiKeyListPage
      tenantName={tenantNameOf(c.var.session)}
      keys={keys}
      csrfToken={c.var.csrfToken}
      form={form}
    />
  )
  return c.render(page, { title: 'API keys' })
}

function renderCreated(c: Ctx, created: CreatedApiKey, reissued: boolean) {
  // the key is in this response only: keep it out of every cache
  c.header('Cache-Control', 'no-store')
  const origin = new URL(c.req.url).origin
  const page = <ApiKeyCreatedPage created={created} origin={origin} reissued={reissued} />
  return c.render(page, { title: reissued ? 'API key re-issued' : 'API key created' })
}

export function apiKeysRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireTenantRole('admin')] as const

  app.get('/api-keys', superAdminWithoutTenant('/tenants'), ...admin, (c) =>
    renderList(c, deps, 200),
  )

  app.post('/api-keys', ...admin, async (c) => {
    const r = await formAction(c, createApiKeySchema, (d) =>
      createApiKey(deps, actorOf(c), c.var.scope, d),
    )
    if (!r.ok) return renderList(c, deps, 422, r.state)
    return renderCreated(c, r.value, false)
  })

  app.post('/api-keys/:apiKeyId/reissue', ...admin, async (c) => {
    const id = c.req.param('apiKeyId')
    const created = await reissueApiKey(deps, actorOf(c), c.var.scope, id)
    return renderCreated(c, created, true)
  })

  app.post('/api-keys/:apiKeyId/revoke', ...admin, async (c) => {
    const k = await revokeApiKey(deps, actorOf(c), c.var.scope, c.req.param('apiKeyId'))
    setFlash(c, { kind: 'success', message: `API key ${k.name} revoked.` })
    return redirectTo(c, '/api-keys')
  })

  return app
}
