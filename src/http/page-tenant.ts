// The tenant a page was rendered for travels with everything the page sends back (issue 15): the
// active tenant belongs to the browser's session, shared by all its tabs, so a tab left open on
// customer A must not refresh, post or stream customer B's data after another tab switched to B.
// Every page's CSRF token ends in `.<tenantId>` (the body's hx-headers and every CsrfField carry
// it, so no form or htmx call has to remember anything); the live stream, which cannot send
// headers, names it in `?_tenant=`. A request without a declaration (a link followed, an API
// client) acts in the active tenant as before: it then renders the header naming that tenant.
import type { Context } from 'hono'
import { AppError } from '../lib/errors.ts'
import type { TenantId } from '../lib/ids.ts'
import type { SessionInfo } from './env.ts'
import { readBody } from './forms.ts'

const SEPARATOR = '.'
const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i
/** the query parameter of requests that cannot carry headers (EventSource) */
export const PAGE_TENANT_PARAM = '_tenant'

/** The token a page renders: the session's CSRF token plus the tenant the page shows. */
export function pageToken(csrfToken: string, tenantId: TenantId | null): string {
  return tenantId === null ? csrfToken : `${csrfToken}${SEPARATOR}${tenantId}`
}

/** Splits a submitted token into the CSRF part (checked by csrf.ts) and the declared tenant. */
export function splitPageToken(value: string): { csrf: string; tenantId: string | undefined } {
  const at = value.indexOf(SEPARATOR)
  if (at < 0) return { csrf: value, tenantId: undefined }
  return { csrf: value.slice(0, at), tenantId: value.slice(at + 1) || undefined }
}

/** The tenant the request's page was rendered for, or undefined when it declares none. */
export async function declaredTenant(c: Context): Promise<string | undefined> {
  const header = c.req.header('X-CSRF-Token')
  if (header) return splitPageToken(header).tenantId
  const query = c.req.query(PAGE_TENANT_PARAM)
  if (query) return query
  if (SAFE_METHOD.test(c.req.method)) return undefined
  if (!FORM_TYPE.test(c.req.header('Content-Type') ?? '')) return undefined
  const value = (await readBody(c))['_csrf']
  return typeof value === 'string' ? splitPageToken(value).tenantId : undefined
}

/**
 * A request from a page of another tenant than the session's active one (switched in another
 * tab): nothing is done; on-error.tsx answers 409 with both ways out (src/http/stale-tenant.tsx).
 */
export class StaleTenantError extends AppError {
  override readonly name = 'StaleTenantError'
  readonly status = 409 as const
  readonly pageTenantId: string
  readonly session: SessionInfo
  constructor(pageTenantId: string, session: SessionInfo) {
    super(
      'Nothing was done: this page shows another tenant than this browser now works in. Reload the page.',
      'tenant_changed',
    )
    this.pageTenantId = pageTenantId
    this.session = session
  }
}

/** Throws StaleTenantError when the request's page was rendered for another tenant. */
export async function assertPageTenant(c: Context, s: SessionInfo): Promise<void> {
  const declared = await declaredTenant(c)
  if (declared !== undefined && declared !== s.activeTenantId)
    throw new StaleTenantError(declared, s)
}
