// The dependency rules of ../shared/ARCHITECTURE.md ("Dependency direction"), checked by
// `npm run lint:deps` (part of `npm test`). Infrastructure folders (lib, db, http, routeros) are
// layers, not domains; every other folder under src/ is a domain that other domains reach only
// through its index.ts.
/** @type {import('dependency-cruiser').IConfiguration} */
const LAYERS = '(lib|db|http|routeros|sim|device-access)'
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make start-up order and testing fragile.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-through-index',
      severity: 'error',
      comment: 'Another domain is reached through its index.ts, never its inner files.',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/([^/]+)/.+',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', `^src/${LAYERS}/`],
      },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment: 'src/lib holds domain-free helpers: it imports nothing else from the app.',
      from: { path: '^src/lib/' },
      to: { path: '^(src|views)/', pathNot: '^src/lib/' },
    },
    {
      name: 'routeros-is-a-library',
      severity: 'error',
      from: { path: '^src/routeros/' },
      to: { path: '^(src|views)/', pathNot: '^src/(routeros|lib)/' },
    },
    {
      name: 'db-below-domains',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^(src|views)/', pathNot: '^src/(db|lib)/' },
    },
    {
      name: 'sim-apart',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^(src|views)/', pathNot: '^src/(sim|routeros|lib)/' },
    },
    {
      name: 'no-sim-in-appliance',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: '^src/(sim/|demo)' },
      to: { path: '^src/sim/' },
    },
    {
      name: 'views-import-types-only',
      severity: 'error',
      from: { path: '^views/' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'routes-hold-no-sql',
      severity: 'error',
      from: { path: '\\.routes\\.tsx?$' },
      to: { path: ['\\.repo\\.ts$', '^src/db/(connect|unscoped|global-db)\\.ts$'] },
    },
    {
      name: 'services-hold-no-http',
      severity: 'error',
      from: { path: '\\.(service|repo)\\.ts$' },
      to: {
        path: ['^src/http/', '^views/', 'node_modules/hono/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'repos-never-raw-db',
      severity: 'error',
      comment: 'Repos take a TenantScope; the cross-tenant handle is only for the tenants domain.',
      from: { path: '\\.repo\\.ts$' },
      to: { path: '^src/db/connect\\.ts$' },
    },
    {
      name: 'unscoped-allow-listed',
      severity: 'error',
      comment:
        'db/unscoped crosses tenants: only the importers ARCHITECTURE.md names (plus deps.ts, which builds it).',
      from: {
        pathNot: [
          '^src/db/',
          '^src/tenants/',
          '^src/poller/scheduler\\.ts$',
          '^src/alerts/dispatcher\\.ts$',
          '^src/notifications/dispatcher\\.ts$',
          '^src/deps\\.ts$',
          '^scripts/',
          '^test/support/',
        ],
      },
      to: { path: '^src/db/unscoped\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
}
