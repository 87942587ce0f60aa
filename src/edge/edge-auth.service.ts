// How an edge proves itself to the central Outpost (issue 20): once with the registration token
// (exchanged for a credential), then with that credential on every request. The token and the
// credential do not name their tenant, so the lookup by hash is this domain's one reviewed
// cross-tenant read (deps.unscoped), as for API keys; both hashes are UNIQUE. A refused token or
// credential (unknown, reused, expired, revoked) is audited.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { EdgesTable } from '../db/schema-edge.ts'
import { forTenant } from '../db/tenant-scope.ts'
import { UnauthorizedError } from '../lib/errors.ts'
import type { TenantId } from '../lib/ids.ts'
import {
  EDGE_SECRET_PREFIX,
  hashEdgeSecret,
  looksLikeEdgeSecret,
  looksLikeEdgeToken,
  newEdgeSecret,
} from './edge-token.ts'
import { updateEdge } from './edges.repo.ts'

type AuthDeps = Pick<Deps, 'db' | 'clock' | 'unscoped' | 'kysely'>

/** The authenticated edge of a request: everything it sends lands in this tenant. */
export interface EdgePrincipal {
  edgeId: string
  tenantId: TenantId
  name: string
  lastSeq: number
}

async function refuse(
  deps: AuthDeps,
  action: string,
  ip: string | null,
  reason: string,
  edge?: Pick<EdgesTable, 'id' | 'tenant_id' | 'name'>,
): Promise<never> {
  await recordAudit(
    deps.db,
    {
      tenantId: edge?.tenant_id ?? null,
      actor: { kind: 'anonymous', id: null, name: edge ? `edge ${edge.name}` : 'unknown edge' },
      ip,
      action,
      target: edge ? { type: 'edge', id: edge.id, label: edge.name } : undefined,
      outcome: 'failure',
      details: { reason },
    },
    deps.clock.now(),
  )
  throw new UnauthorizedError(`Edge ${reason}.`, { code: 'edge_unauthorized' })
}

function findByHash(deps: AuthDeps, column: 'token_hash' | 'secret_hash', hash: string) {
  return deps.unscoped
    .selectFrom('edges')
    .innerJoin('tenants', 'tenants.id', 'edges.tenant_id')
    .selectAll('edges')
    .select('tenants.is_disabled as tenant_disabled')
    .where(`edges.${column}`, '=', hash)
    .executeTakeFirst()
}

/**
 * Exchanges a one-time token for the edge's credential (returned once, stored as a hash).
 * @example const { secret, edgeId } = await exchangeEdgeToken(deps, token, ip, '0.1.0')
 */
export async function exchangeEdgeToken(
  deps: AuthDeps,
  token: string,
  ip: string | null,
  version: string | null,
): Promise<{ edgeId: string; name: string; secret: string }> {
  const action = 'edge.register'
  if (!looksLikeEdgeToken(token)) return refuse(deps, action, ip, 'registration token is not valid')
  const row = await findByHash(deps, 'token_hash', hashEdgeSecret(token))
  if (!row) return refuse(deps, action, ip, 'registration token is not valid')
  const now = deps.clock.now()
  if (row.revoked_at !== null) return refuse(deps, action, ip, 'registration was revoked', row)
  if (row.registered_at !== null)
    return refuse(deps, action, ip, 'registration token was already used', row)
  if (row.token_expires_at <= now)
    return refuse(deps, action, ip, 'registration token expired', row)
  if (row.tenant_disabled === 1) return refuse(deps, action, ip, 'tenant is disabled', row)
  const secret = newEdgeSecret(EDGE_SECRET_PREFIX)
  const scope = forTenant(deps.kysely, row.tenant_id)
  await updateEdge(scope, row.id, {
    secret_hash: hashEdgeSecret(secret),
    registered_at: now,
    last_contact_at: now,
    version,
  })
  await recordAudit(
    deps.db,
    {
      tenantId: row.tenant_id,
      actor: { kind: 'anonymous', id: null, name: `edge ${row.name}` },
      ip,
      action,
      target: { type: 'edge', id: row.id, label: row.name },
      outcome: 'success',
      details: { version },
    },
    now,
  )
  return { edgeId: row.id, name: row.name, secret }
}

/** The edge of a bearer credential, or UnauthorizedError (audited when it names an edge). */
export async function authenticateEdge(
  deps: AuthDeps,
  bearer: string | undefined,
  ip: string | null,
): Promise<EdgePrincipal> {
  const action = 'edge.refused'
  if (bearer === undefined || !looksLikeEdgeSecret(bearer))
    throw new UnauthorizedError('Send the edge credential as a bearer token.', {
      code: 'edge_unauthorized',
    })
  const row = await findByHash(deps, 'secret_hash', hashEdgeSecret(bearer))
  if (!row) return refuse(deps, action, ip, 'credential is not valid')
  if (row.revoked_at !== null) return refuse(deps, action, ip, 'registration was revoked', row)
  if (row.tenant_disabled === 1) return refuse(deps, action, ip, 'tenant is disabled', row)
  return { edgeId: row.id, tenantId: row.tenant_id, name: row.name, lastSeq: row.last_seq }
}
