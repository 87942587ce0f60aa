import type { Context } from 'hono'
import type { Logger } from 'pino'
import { TenantChanged } from '../../views/errors/tenant-changed.tsx'
import type { SessionInfo } from './env.ts'
import { currentPagePath, hxRetarget, isHtmx } from './htmx.ts'
import { declaredTenant } from './page-tenant.ts'
import { safeLocalPath } from './safe-path.ts'

/**
 * What a page rendered for `pageTenantId` shows once the session acts in `activeTenantId` (the
 * refusal of its request, or the /live stream's last message), logged once per refusal.
 */
function notice(c: Context, s: SessionInfo, pageTenantId: string, activeTenantId: string | null) {
  const page = s.memberships.find((m) => m.tenantId === pageTenantId)
  const active = s.memberships.find((m) => m.tenantId === activeTenantId)
  const log: Logger | undefined = c.get('log')
  log?.warn(
    { pageTenantId, activeTenantId, method: c.req.method, path: c.req.path },
    'request refused: page shows another tenant than the session',
  )
  return (
    <TenantChanged
      pageTenant={page ? { id: page.tenantId, name: page.tenantName } : undefined}
      activeTenantName={active?.tenantName ?? 'no tenant'}
      reloadTo={safeLocalPath(currentPagePath(c))}
      csrfToken={(c.get('csrfToken') as string | undefined) ?? ''}
    />
  )
}

/** The /live stream's last message to a page whose tenant is no longer the active one (HTML). */
export function staleTenantNotice(
  c: Context,
  s: SessionInfo,
  pageTenantId: string,
  activeTenantId: string | null,
): string {
  return String(notice(c, s, pageTenantId, activeTenantId))
}

/**
 * Refuses a request whose page was rendered for another tenant than the session's active one
 * (switched in another tab): 409 with what happened and both ways out, and a log line. Returns
 * undefined when the request may go on (same tenant, or no declaration: a followed link renders
 * the active tenant and its header says so).
 */
export async function refuseStaleTenant(c: Context, s: SessionInfo): Promise<Response | undefined> {
  const declared = await declaredTenant(c)
  if (declared === undefined || declared === s.activeTenantId) return undefined
  const body = notice(c, s, declared, s.activeTenantId)
  if (isHtmx(c)) {
    hxRetarget(c, '#flash')
    return c.html(body, 409)
  }
  c.status(409)
  return c.render(body, { title: 'Tenant changed' })
}
