// Every /api/v1 route is declared once, with its role, query, body and answer schemas: the spec
// installs the role check and is what GET /api/v1/openapi.json publishes, so the document cannot
// drift from the routes (a test also matches real answers against it).
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import type { AppEnv, SessionEnv, TenantEnv, TenantRole } from '../http/env.ts'
import {
  requireSignedIn,
  requireSuperAdmin,
  requireTenantRole,
} from '../http/middleware/require-role.ts'

/** Who may call a route: `public`, any signed-in principal, a tenant role, or the appliance role. */
export type ApiRole = 'public' | 'session' | 'viewer' | 'operator' | 'admin' | 'super_admin'

/** An answer: a JSON schema, `csv` for a text/csv download, `text` for text/plain, `pdf` for a PDF, `null` for no body (204). */
export type ApiAnswer = z.ZodType | 'csv' | 'text' | 'pdf' | null

export interface ApiRouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** below /api/v1, Hono syntax: `/devices/:deviceId` */
  path: string
  tag: string
  summary: string
  description?: string
  role: ApiRole
  /** the role check, when it is not the standard one of `role` (e.g. audit's admin-or-super-admin) */
  guard?: MiddlewareHandler<AppEnv> | MiddlewareHandler<SessionEnv>
  query?: z.ZodObject
  body?: z.ZodType
  responses: Record<number, ApiAnswer>
}

export type ApiHandler = (c: Context<AppEnv>) => Response | Promise<Response>
/** A handler acting in the caller's tenant: `c.var.scope` and the tenant session are always set. */
export type TenantApiHandler = (c: Context<TenantEnv>) => Response | Promise<Response>
/** A handler of a signed-in principal: `c.var.session` is always set. */
export type SessionApiHandler = (c: Context<SessionEnv>) => Response | Promise<Response>

/** A route without a session (the OpenAPI document). */
export type PublicRouteSpec = Omit<ApiRouteSpec, 'role' | 'guard'> & { role: 'public' }
/** A route that acts in the caller's active tenant, with the least role it needs there. */
export type TenantRouteSpec = Omit<ApiRouteSpec, 'role' | 'guard'> & { role: TenantRole }
/** A route of any signed-in principal, or of the super admin; `guard` replaces the role check. */
export type SessionRouteSpec = Omit<ApiRouteSpec, 'role' | 'guard'> &
  (
    | { role: 'session' | 'super_admin'; guard?: MiddlewareHandler<SessionEnv> }
    // a tenant role checked by a guard of its own (audit: tenant admin, or super admin without a tenant)
    | { role: TenantRole; guard: MiddlewareHandler<SessionEnv> }
  )

// The guards carry the Env they promise; the router's one Hono app is typed for any request, so
// they are widened here, in one reviewed place, instead of in every route file.
type AnyHandler = MiddlewareHandler<AppEnv>
const widen = (h: unknown) => h as AnyHandler

function guardOf(role: ApiRole): AnyHandler[] {
  if (role === 'public') return []
  if (role === 'session') return [widen(requireSignedIn())]
  if (role === 'super_admin') return [widen(requireSuperAdmin())]
  return [widen(requireTenantRole(role))]
}

/** The /api/v1 router and the list of what it serves. */
export class ApiRouter {
  readonly app = new Hono<AppEnv>()
  readonly specs: ApiRouteSpec[] = []

  /** A route acting in the caller's tenant; its handler reads `c.var.scope` without checks. */
  tenantRoute(spec: TenantRouteSpec, handler: TenantApiHandler): void {
    this.add(spec, widen(handler))
  }

  /** A route of a signed-in principal (or the super admin); `c.var.session` is always set. */
  sessionRoute(spec: SessionRouteSpec, handler: SessionApiHandler): void {
    this.add(spec, widen(handler))
  }

  /** A route anyone may call (no session); every other route is a tenantRoute() or sessionRoute(). */
  publicRoute(spec: PublicRouteSpec, handler: ApiHandler): void {
    this.add(spec, handler)
  }

  private add(spec: ApiRouteSpec, handler: AnyHandler | ApiHandler): void {
    this.specs.push(spec)
    const guards = spec.guard ? [widen(spec.guard)] : guardOf(spec.role)
    this.app.on(spec.method.toUpperCase(), [spec.path], ...guards, handler as AnyHandler)
  }
}
