// The audit page and its CSV export. Tenant admins see their active tenant; super admins see
// every entry (or one tenant, or the appliance-wide ones).
import { Hono, type Context } from 'hono'
import { AuditPage } from '../../views/audit/audit-page.tsx'
import { AuditResults } from '../../views/audit/audit-results.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv, SessionEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { isPartial, redirectTo, vary } from '../http/htmx.ts'
import { auditAccess } from './audit-access.ts'
import {
  exportAuditCsv,
  listAudit,
  listAuditActionChoices,
  parseAuditQuery,
  resolveAuditScope,
} from './audit-list.service.ts'
import type { AuditQuery, AuditTenantScope } from './audit.types.ts'

type Ctx = Context<SessionEnv>
type TenantChoice = { id: string; name: string }

const EMPTY_QUERY: AuditQuery = {
  action: '',
  actor: '',
  outcome: '',
  from: '',
  to: '',
  q: '',
  tenant: '',
  page: 1,
}

function scopeLabel(c: Ctx, scope: AuditTenantScope): string {
  if (scope.kind === 'all') return 'All tenants and the appliance'
  if (scope.kind === 'none') return 'Appliance-wide entries'
  const name = c.var.session.memberships.find((m) => m.tenantId === scope.tenantId)?.tenantName
  return name ? `Tenant ${name}` : 'One tenant'
}

function renderInvalid(c: Ctx, err: ValidationError, tenants: TenantChoice[] | undefined) {
  // the filter form lives outside the swapped results: show its messages on a full page
  if (isPartial(c)) return redirectTo(c, c.req.url.slice(new URL(c.req.url).origin.length))
  c.status(422)
  const data = { entries: [], page: 1, pageSize: 50, hasMore: false }
  const query = { ...EMPTY_QUERY, ...c.req.query(), page: 1 }
  const page = (
    <AuditPage
      data={data}
      query={query}
      actions={[]}
      scopeLabel=""
      tenants={tenants}
      fields={{ ...err.fields }}
    />
  )
  return c.render(page, { title: 'Audit' })
}

async function renderPage(c: Ctx, deps: Deps) {
  const s = c.var.session
  const tenants = s.isSuperAdmin
    ? s.memberships.map((m) => ({ id: m.tenantId, name: m.tenantName }))
    : undefined
  vary(c)
  let parsed: ReturnType<typeof parseAuditQuery>
  try {
    parsed = parseAuditQuery(c.req.query())
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    return renderInvalid(c, err, tenants)
  }
  const scope = resolveAuditScope(s, parsed.query.tenant)
  const data = await listAudit(deps, scope, parsed.filter)
  if (isPartial(c)) {
    const showTenant = tenants !== undefined
    return c.html(<AuditResults data={data} query={parsed.query} showTenant={showTenant} />)
  }
  const page = (
    <AuditPage
      data={data}
      query={parsed.query}
      actions={await listAuditActionChoices(deps, scope)}
      scopeLabel={scopeLabel(c, scope)}
      tenants={tenants}
    />
  )
  return c.render(page, { title: 'Audit' })
}

export function auditRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/audit', auditAccess, (c) => renderPage(c, deps))

  app.get('/audit/export.csv', auditAccess, async (c) => {
    const { query, filter } = parseAuditQuery(c.req.query())
    const scope = resolveAuditScope(c.var.session, query.tenant)
    const csv = await exportAuditCsv(deps, scope, filter)
    const day = new Date(deps.clock.now()).toISOString().slice(0, 10)
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="outpost-audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    })
  })

  return app
}
