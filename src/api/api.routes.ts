// /api/v1: JSON versions of the admin pages. Accepts `Authorization: Bearer opk_…` API keys
// (resolved by the session middleware on /api paths) and the session cookie. Errors are
// { "error": { "code", "message" } } (src/http/on-error.tsx); validation adds "fields" (422).
import { Hono } from 'hono'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { apiKeysApiRoutes } from './api-keys-api.routes.ts'
import { auditApiRoutes } from './audit-api.routes.ts'
import { meApiRoutes } from './me-api.routes.ts'
import { tenantsApiRoutes } from './tenants-api.routes.ts'
import { usersApiRoutes } from './users-api.routes.ts'

/** Mount with `app.route('/api/v1', apiRoutes(deps))`. Other domains add their routers here. */
export function apiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.route('/', meApiRoutes())
  app.route('/', tenantsApiRoutes(deps))
  app.route('/', usersApiRoutes(deps))
  app.route('/', apiKeysApiRoutes(deps))
  app.route('/', auditApiRoutes(deps))
  return app
}
