// createApp(deps): the web plumbing, then each domain's routes mounted with app.route(), listed
// with their owner folder and URL prefixes in domainRouters(). No I/O happens at import time;
// everything is built from deps when called.
import { Hono } from 'hono'
import { alertsRoutes } from './alerts/index.ts'
import { channelsRoutes, systemMailRoutes } from './notifications/index.ts'
import { apiDocsRoutes, apiRouter } from './api/index.ts'
import { apiKeysRoutes } from './api-keys/api-keys.routes.tsx'
import { backupRoutes } from './appliance-backup/backup.routes.tsx'
import type { SnapshotSource } from './appliance-backup/index.ts'
import { apiKeySession } from './api-keys/index.ts'
import { auditRoutes } from './audit/audit.routes.tsx'
import { accountRoutes } from './auth/account.routes.tsx'
import { authRoutes } from './auth/auth.routes.tsx'
import { secondFactorLoginRoutes } from './auth/second-factor-login.routes.tsx'
import { securityRoutes } from './auth/security.routes.tsx'
import { passkeyRoutes } from './auth/passkey.routes.tsx'
import { privacyRoutes } from './privacy/index.ts'
import { passwordResetRoutes } from './auth/password-reset.routes.tsx'
import { setupRoutes } from './setup/index.ts'
import { backupsRoutes } from './backups/backups.routes.tsx'
import { changesRoutes } from './changes/changes.routes.tsx'
import {
  dashboardRoutes,
  eventsRoutes,
  deviceDetailRoutes,
  liveRoutes,
  type LiveSources,
} from './dashboard/index.ts'
import type { Deps } from './deps.ts'
import { devicesRoutes } from './devices/index.ts'
import { discoveryRoutes } from './discovery/index.ts'
import { healthRoutes } from './health/index.ts'
import { firmwareRoutes } from './firmware/index.ts'
import { complianceRoutes } from './compliance/compliance.routes.tsx'
import { topologyRoutes } from './topology/topology.routes.tsx'
import { jobsRoutes } from './jobs/jobs.routes.tsx'
import { labelRoutes } from './labels/index.ts'
import { credentialProfilesRoutes } from './credential-profiles/index.ts'
import { certificatesRoutes } from './certificates/index.ts'
import { prometheusRoutes } from './prometheus/prometheus.routes.ts'
import { createSyslog, syslogRoutes, type SyslogRuntime } from './syslog/index.ts'
import { maintenanceRoutes } from './maintenance/index.ts'
import { deviceElsewhereRoutes, overviewRoutes } from './overview/index.ts'
import { overlayRoutes } from './overlay/index.ts'
import { reportsRoutes } from './reports/index.ts'
// edge appliances (issue 20)
import { edgesRoutes } from './edge/index.ts'
import type { AppEnv } from './http/env.ts'
import { applyHttpStack, type HttpStackOptions } from './http/http-stack.ts'
import { remoteAccessRoutes } from './remote-access/index.ts'
import { tenantsRoutes } from './tenants/tenants.routes.tsx'
import { usersRoutes } from './users/users.routes.tsx'

type AppOptions = HttpStackOptions & {
  live?: LiveSources
  liveStreamMaxMs?: number
  requestRestart?: (reason: string) => void
  snapshotSource?: SnapshotSource
  syslog?: SyslogRuntime
}

/** A domain's router and the URL prefixes it owns (a prefix has one owner folder). */
export interface DomainRouter {
  /** the folder under src/ whose routes these are */
  owner: string
  /** where app.route() mounts it */
  mount: string
  /** the URL prefixes its routes live under; the longest matching prefix of a URL names its owner */
  prefixes: readonly string[]
  router: Hono<AppEnv>
}

/**
 * Every domain router with its owner folder and prefixes, in mount order (static paths before
 * parameters: labels' /devices/sites before devices' /devices/:deviceId). The routers keep
 * absolute paths and mount at '/' so routes added on other branches stay where they are;
 * test/integration/url-owners.test.ts checks each route against its owner's prefixes.
 */
export function domainRouters(
  deps: Deps,
  options: Omit<AppOptions, keyof HttpStackOptions> = {},
): DomainRouter[] {
  const { live, liveStreamMaxMs, requestRestart, snapshotSource, syslog } = options
  const api = apiRouter(deps, live)
  const tabs = ['overview', 'interfaces', 'clients', 'neighbours', 'events'].map(
    (t) => `/devices/:deviceId/${t}`,
  )
  return [
    // Keep /health first: it is public and cheap.
    { owner: 'health', mount: '/health', prefixes: ['/health'], router: healthRoutes(deps) },
    {
      owner: 'auth',
      mount: '/',
      prefixes: ['/login', '/logout', '/session'],
      router: authRoutes(deps),
    },
    { owner: 'auth', mount: '/', prefixes: ['/account'], router: accountRoutes(deps) },
    // two-step verification (issue 17): the sign-in code page and the account's security page
    { owner: 'auth', mount: '/', prefixes: ['/login/code'], router: secondFactorLoginRoutes(deps) },
    { owner: 'auth', mount: '/', prefixes: ['/account/security'], router: securityRoutes(deps) },
    // passkeys (issue 19): registration under Account › Security, sign-in alone or as second step
    {
      owner: 'auth',
      mount: '/',
      prefixes: ['/account/security/passkeys', '/login/passkey', '/login/code/passkey'],
      router: passkeyRoutes(deps),
    },
    { owner: 'setup', mount: '/', prefixes: ['/setup'], router: setupRoutes(deps) },
    // accounts and privacy (issue 19): password reset pages and the system mail settings
    {
      owner: 'auth',
      mount: '/',
      prefixes: ['/login/forgot', '/login/reset'],
      router: passwordResetRoutes(deps),
    },
    {
      owner: 'notifications',
      mount: '/',
      prefixes: ['/settings/mail'],
      router: systemMailRoutes(deps),
    },
    {
      owner: 'privacy',
      mount: '/',
      prefixes: ['/key-use', '/key-use.csv', '/account/export', '/account/delete'],
      router: privacyRoutes(deps),
    },
    { owner: 'dashboard', mount: '/', prefixes: ['/'], router: dashboardRoutes(deps, live) },
    { owner: 'tenants', mount: '/', prefixes: ['/tenants'], router: tenantsRoutes(deps) },
    { owner: 'users', mount: '/', prefixes: ['/users'], router: usersRoutes(deps) },
    // cross-customer view (issue 15): /all pages, and the hook that offers a tenant switch for a
    // device of another of the user's tenants (middleware only; before every /devices router)
    { owner: 'overview', mount: '/', prefixes: ['/all'], router: overviewRoutes() },
    { owner: 'overview', mount: '/', prefixes: [], router: deviceElsewhereRoutes() },
    {
      owner: 'labels',
      mount: '/',
      prefixes: ['/devices/sites', '/devices/tags', '/devices/groups'],
      router: labelRoutes(deps),
    },
    { owner: 'devices', mount: '/', prefixes: ['/devices'], router: devicesRoutes(deps) },
    { owner: 'dashboard', mount: '/', prefixes: tabs, router: deviceDetailRoutes(deps, live) },
    {
      owner: 'backups',
      mount: '/',
      prefixes: ['/backups', '/devices/:deviceId/backups'],
      router: backupsRoutes(deps, live),
    },
    // config changes: Config and Changes tabs, restore (issue 11)
    {
      owner: 'changes',
      mount: '/',
      prefixes: [
        '/devices/:deviceId/config',
        '/devices/:deviceId/changes',
        '/devices/:deviceId/backups/:backupId/restore',
        '/devices/:deviceId/backups/binary/:binaryBackupId/restore',
      ],
      router: changesRoutes(deps),
    },
    {
      owner: 'prometheus',
      mount: '/',
      prefixes: ['/metrics'],
      router: prometheusRoutes(deps, live),
    },
    {
      owner: 'dashboard',
      mount: '/',
      prefixes: ['/live'],
      router: liveRoutes(
        live?.bus,
        liveStreamMaxMs === undefined ? {} : { maxStreamMs: liveStreamMaxMs },
        live?.cluster,
      ),
    },
    // the event history page (issue 15)
    { owner: 'dashboard', mount: '/', prefixes: ['/events'], router: eventsRoutes(deps) },
    { owner: 'api-keys', mount: '/', prefixes: ['/api-keys'], router: apiKeysRoutes(deps) },
    { owner: 'audit', mount: '/', prefixes: ['/audit'], router: auditRoutes(deps) },
    { owner: 'alerts', mount: '/', prefixes: ['/alerts'], router: alertsRoutes(deps, live?.bus) },
    // notifications (issue 13): channel pages
    { owner: 'notifications', mount: '/', prefixes: ['/channels'], router: channelsRoutes(deps) },
    // syslog (issue 13): the Logs tab and receiver status; the receiver itself is started by startup.ts
    {
      owner: 'syslog',
      mount: '/',
      prefixes: ['/syslog', '/devices/:deviceId/logs'],
      router: syslogRoutes(deps, syslog ?? createSyslog(deps)),
    },
    // maintenance windows (issue 13)
    {
      owner: 'maintenance',
      mount: '/',
      prefixes: ['/maintenance', '/devices/:deviceId/maintenance-badge'],
      router: maintenanceRoutes(deps),
    },
    // fleet jobs, templates, guided config and firmware (issue 12)
    { owner: 'jobs', mount: '/', prefixes: ['/jobs', '/templates'], router: jobsRoutes(deps) },
    // PDF reports (issue 18)
    {
      owner: 'reports',
      mount: '/',
      prefixes: ['/reports'],
      router: reportsRoutes(deps, () => live?.metrics),
    },
    { owner: 'firmware', mount: '/', prefixes: ['/firmware'], router: firmwareRoutes(deps) },
    // WireGuard overlay (issue 14): overview, the device tab and the routers' enrollment URL
    {
      owner: 'overlay',
      mount: '/',
      prefixes: ['/overlay', '/devices/:deviceId/overlay'],
      router: overlayRoutes(deps),
    },
    // credential profiles (issue 15)
    {
      owner: 'credential-profiles',
      mount: '/',
      prefixes: ['/credential-profiles'],
      router: credentialProfilesRoutes(deps),
    },
    // device certificates for API-SSL (issue 14): the device's Certificate tab
    {
      owner: 'certificates',
      mount: '/',
      prefixes: ['/devices/:deviceId/certificate'],
      router: certificatesRoutes(deps),
    },
    // discovery and adoption (issue 18)
    { owner: 'discovery', mount: '/', prefixes: ['/discovery'], router: discoveryRoutes(deps) },
    // topology, site map and compliance (issue 18)
    { owner: 'topology', mount: '/', prefixes: ['/topology'], router: topologyRoutes(deps) },
    { owner: 'compliance', mount: '/', prefixes: ['/compliance'], router: complianceRoutes(deps) },
    // edge appliances (issue 20): registrations and this appliance's own link
    { owner: 'edge', mount: '/', prefixes: ['/edges'], router: edgesRoutes(deps) },
    {
      owner: 'appliance-backup',
      mount: '/',
      prefixes: ['/settings/backups'],
      router: backupRoutes(deps, { requestRestart, source: snapshotSource }),
    },
    // remote access (issue 14): Terminal tab, terminal WebSocket, WinBox, recordings
    {
      owner: 'remote-access',
      mount: '/',
      prefixes: ['/terminal', '/devices/:deviceId/terminal', '/devices/:deviceId/winbox'],
      router: remoteAccessRoutes(deps),
    },
    { owner: 'api', mount: '/', prefixes: ['/api-docs'], router: apiDocsRoutes(api) },
    { owner: 'api', mount: '/api/v1', prefixes: ['/api/v1'], router: api.app },
  ]
}

/**
 * @example const app = createApp(deps); serve({ fetch: app.fetch, port })
 */
export function createApp(deps: Deps, options: AppOptions = {}): Hono<AppEnv> {
  const { live, liveStreamMaxMs, requestRestart, snapshotSource, syslog, ...stack } = options
  const app = new Hono<AppEnv>()
  applyHttpStack(app, deps, { authenticateApiKey: apiKeySession, ...stack })
  for (const d of domainRouters(deps, {
    live,
    liveStreamMaxMs,
    requestRestart,
    snapshotSource,
    syslog,
  }))
    app.route(d.mount, d.router)
  return app
}
