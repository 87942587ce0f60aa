// /api/v1: the JSON API. Accepts `Authorization: Bearer opk_…` API keys (resolved by the session
// middleware on /api paths) and the session cookie. Errors are { "error": { "code", "message" } }
// (src/http/on-error.tsx); validation adds "fields" (422). Every route is declared through
// ApiRouter, so GET /api/v1/openapi.json lists exactly what is served.
import type { Hono } from 'hono'
import { z } from 'zod'
import type { LiveSources } from '../dashboard/index.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { alertsApi } from './alerts-api.routes.ts'
import { apiKeysApi } from './api-keys-api.routes.ts'
import { backupApi } from '../appliance-backup/index.ts'
import { ApiRouter, type PublicRouteSpec } from './api-router.ts'
import { auditApi } from './audit-api.routes.ts'
import { backupsApi } from './backups-api.routes.ts'
import { channelsApi } from './channels-api.routes.ts'
import { firmwareApi, jobsApi } from './jobs-api.routes.ts'
import { changesApi } from './changes-api.routes.ts'
import { deviceDataApi } from './device-data-api.routes.ts'
import { devicesApi } from './devices-api.routes.ts'
import { discoveryApi } from '../discovery/index.ts'
import { labelsApi } from './labels-api.routes.ts'
import { credentialProfilesApi } from './credential-profiles-api.routes.ts'
import { meApi } from './me-api.routes.ts'
import { openApiDocument } from './openapi.ts'
import { privacyApi } from './privacy-api.routes.ts'
import { securityApi } from './security-api.routes.ts'
import { syslogApi } from './syslog-api.routes.ts'
import { maintenanceApi } from './maintenance-api.routes.ts'
import { winboxApi } from '../remote-access/index.ts'
import { reportsApi } from '../reports/index.ts'
// topology and compliance (issue 18)
import { complianceApi } from './compliance-api.routes.ts'
import { topologyApi } from './topology-api.routes.ts'
import { tenantsApi } from './tenants-api.routes.ts'
import { usersApi } from './users-api.routes.ts'
import { overlayApi } from '../overlay/index.ts'
// edge appliances (issue 20)
import { edgeApi } from '../edge/index.ts'

const documentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
})

/** Every route spec of /api/v1, for the OpenAPI document and the API reference page. */
export function apiRouter(deps: Deps, live?: LiveSources): ApiRouter {
  const api = new ApiRouter()
  meApi(api)
  tenantsApi(api, deps)
  usersApi(api, deps)
  apiKeysApi(api, deps)
  auditApi(api, deps)
  devicesApi(api, deps)
  deviceDataApi(api, deps, live)
  labelsApi(api, deps)
  alertsApi(api, deps, live?.bus)
  backupApi(api, deps)
  backupsApi(api, deps, live)
  securityApi(api, deps) // two-step verification (issue 17)
  // notifications (issue 13)
  channelsApi(api, deps)
  syslogApi(api, deps)
  maintenanceApi(api, deps)
  // fleet jobs and templates (issue 12)
  jobsApi(api, deps)
  credentialProfilesApi(api, deps) // credential profiles (issue 15)
  firmwareApi(api, deps)
  // config changes (issue 11)
  changesApi(api, deps)
  // accounts and privacy (issue 19)
  privacyApi(api, deps)
  // remote access (issue 14): WinBox forwards
  winboxApi(api, deps)
  // WireGuard overlay (issue 14)
  overlayApi(api, deps)
  // PDF reports (issue 18)
  reportsApi(api, deps, () => live?.metrics)
  // discovery and adoption (issue 18)
  discoveryApi(api, deps)
  // topology and compliance (issue 18)
  topologyApi(api, deps)
  complianceApi(api, deps)
  // edge appliances (issue 20): registrations, and the routes the edges call
  edgeApi(
    api,
    deps,
    () => live?.metrics,
    () => live?.bus,
  )
  let doc: Record<string, unknown> | undefined
  const spec: PublicRouteSpec = {
    method: 'get',
    path: '/openapi.json',
    tag: 'Meta',
    role: 'public',
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: documentSchema },
  }
  api.publicRoute(spec, (c) => c.json((doc ??= openApiDocument(api.specs))))
  return api
}

/** Mount with `app.route('/api/v1', apiRoutes(deps, live))`. */
export function apiRoutes(deps: Deps, live?: LiveSources): Hono<AppEnv> {
  return apiRouter(deps, live).app
}
