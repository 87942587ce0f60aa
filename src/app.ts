// createApp(deps): the web plumbing, then each domain's routes mounted with app.route(). No I/O
// happens at import time; everything is built from deps when called.
import { Hono } from 'hono'
import { alertsRoutes } from './alerts/index.ts'
import { apiDocsRoutes, apiRouter } from './api/index.ts'
import { apiKeysRoutes } from './api-keys/api-keys.routes.tsx'
import { backupRoutes } from './appliance-backup/backup.routes.tsx'
import type { SnapshotSource } from './appliance-backup/index.ts'
import { apiKeySession } from './api-keys/index.ts'
import { auditRoutes } from './audit/audit.routes.tsx'
import { accountRoutes } from './auth/account.routes.tsx'
import { authRoutes } from './auth/auth.routes.tsx'
import { backupsRoutes } from './backups/backups.routes.tsx'
import { changesRoutes } from './changes/changes.routes.tsx'
import { dashboardRoutes, deviceDetailRoutes, type LiveSources } from './dashboard/index.ts'
import type { Deps } from './deps.ts'
import { devicesRoutes } from './devices/index.ts'
import { healthRoutes } from './health/index.ts'
import { labelRoutes } from './labels/index.ts'
import { pollerRoutes } from './poller/index.ts'
import { prometheusRoutes } from './prometheus/prometheus.routes.ts'
import type { AppEnv } from './http/env.ts'
import { applyHttpStack, type HttpStackOptions } from './http/http-stack.ts'
import { tenantsRoutes } from './tenants/tenants.routes.tsx'
import { usersRoutes } from './users/users.routes.tsx'

/**
 * @example const app = createApp(deps); serve({ fetch: app.fetch, port })
 */
export function createApp(
  deps: Deps,
  options: HttpStackOptions & { live?: LiveSources; liveStreamMaxMs?: number; requestRestart?: (reason: string) => void; snapshotSource?: SnapshotSource } = {},
): Hono<AppEnv> {
  const { live, liveStreamMaxMs, requestRestart, snapshotSource, ...stack } = options
  const app = new Hono<AppEnv>()
  applyHttpStack(app, deps, { authenticateApiKey: apiKeySession, ...stack })
  // Domain routers, one line each. Keep /health first: it is public and cheap.
  app.route('/health', healthRoutes(deps))
  app.route('/', authRoutes(deps))
  app.route('/', accountRoutes(deps))
  app.route('/', dashboardRoutes(deps, live))
  app.route('/', tenantsRoutes(deps))
  app.route('/', usersRoutes(deps))
  app.route('/', labelRoutes(deps))
  app.route('/', devicesRoutes(deps))
  app.route('/', deviceDetailRoutes(deps, live))
  app.route('/', backupsRoutes(deps, live))
  // config changes: Config and Changes tabs, restore (issue 11)
  app.route('/', changesRoutes(deps))
  app.route('/', prometheusRoutes(deps, live))
  app.route('/', pollerRoutes(live?.bus, liveStreamMaxMs === undefined ? {} : { maxStreamMs: liveStreamMaxMs }))
  app.route('/', apiKeysRoutes(deps))
  app.route('/', auditRoutes(deps))
  app.route('/', alertsRoutes(deps, live?.bus))
  app.route('/', backupRoutes(deps, { requestRestart, source: snapshotSource }))
  const api = apiRouter(deps, live)
  app.route('/', apiDocsRoutes(api))
  app.route('/api/v1', api.app)
  return app
}
