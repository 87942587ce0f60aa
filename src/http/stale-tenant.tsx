import type { Context } from 'hono'
import type { Logger } from 'pino'
import { TenantChanged } from '../../views/errors/tenant-changed.tsx'
import { currentPagePath, hxRetarget, isHtmx } from './htmx.ts'
import type { StaleTenantError } from './page-tenant.ts'
import { safeLocalPath } from './safe-path.ts'

/**
 * The answer to a request from a page of another tenant than the session's active one (switched
 * in another tab; see src/http/page-tenant.ts): 409, what happened and both ways out (reload in
 * the active tenant, switch back), and a log line. Called by on-error.tsx.
 */
export function staleTenantResponse(c: Context, err: StaleTenantError) {
  const s = err.session
  const page = s.memberships.find((m) => m.tenantId === err.pageTenantId)
  const active = s.memberships.find((m) => m.tenantId === s.activeTenantId)
  const log: Logger | undefined = c.get('log')
  log?.warn(
    {
      pageTenantId: err.pageTenantId,
      activeTenantId: s.activeTenantId,
      method: c.req.method,
      path: c.req.path,
    },
    'request refused: page shows another tenant than the session',
  )
  const body = (
    <TenantChanged
      pageTenant={page ? { id: page.tenantId, name: page.tenantName } : undefined}
      activeTenantName={active?.tenantName ?? 'no tenant'}
      reloadTo={safeLocalPath(currentPagePath(c))}
      csrfToken={(c.get('csrfToken') as string | undefined) ?? ''}
    />
  )
  if (isHtmx(c)) {
    hxRetarget(c, '#flash')
    return c.html(body, 409)
  }
  c.status(409)
  return c.render(body, { title: 'Tenant changed' })
}
