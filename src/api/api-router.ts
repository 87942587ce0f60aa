// Every /api/v1 route is declared once, with its role, query, body and answer schemas: the spec
// installs the role check and is what GET /api/v1/openapi.json publishes, so the document cannot
// drift from the routes (a test also matches real answers against it).
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from '../http/env.ts'
import { requireRole, requireSession, requireTenant } from '../http/middleware/require-role.ts'

/** Who may call a route: `public`, any signed-in principal, a tenant role, or the appliance role. */
export type ApiRole = 'public' | 'session' | 'viewer' | 'operator' | 'admin' | 'super_admin'

/** An answer: a JSON schema, `csv` for a text/csv download, `text` for text/plain, `null` for no body (204). */
export type ApiAnswer = z.ZodType | 'csv' | 'text' | null

export interface ApiRouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** below /api/v1, Hono syntax: `/devices/:deviceId` */
  path: string
  tag: string
  summary: string
  description?: string
  role: ApiRole
  /** the role check, when it is not the standard one of `role` (e.g. audit's admin-or-super-admin) */
  guard?: MiddlewareHandler<AppEnv>
  query?: z.ZodObject
  body?: z.ZodType
  responses: Record<number, ApiAnswer>
}

export type ApiHandler = (c: Context<AppEnv>) => Response | Promise<Response>

function guardOf(role: ApiRole): MiddlewareHandler<AppEnv>[] {
  if (role === 'public') return []
  if (role === 'session') return [requireSession()]
  if (role === 'super_admin') return [requireRole('super_admin')]
  return [requireRole(role), requireTenant()]
}

/** The /api/v1 router and the list of what it serves. */
export class ApiRouter {
  readonly app = new Hono<AppEnv>()
  readonly specs: ApiRouteSpec[] = []

  route(spec: ApiRouteSpec, handler: ApiHandler): void {
    this.specs.push(spec)
    const guards = spec.guard ? [spec.guard] : guardOf(spec.role)
    this.app.on(spec.method.toUpperCase(), [spec.path], ...guards, handler)
  }
}
