// Central side of edge appliances (issue 20): a tenant admin creates a registration (one-time
// token, shown once, hashed at rest, expiring), lists the edges with what they last reported,
// and revokes one. Every step is audited.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Actor } from '../lib/actor.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { HOUR, MINUTE } from '../lib/time.ts'
import { EDGE_TOKEN_PREFIX, hashEdgeSecret, newEdgeSecret } from './edge-token.ts'
import {
  countEdgeDevices,
  findEdge,
  insertEdge,
  listEdgeRows,
  updateEdge,
  type EdgeRow,
} from './edges.repo.ts'
import type { EdgeRegistration, EdgeStatus, EdgeView } from './edges.types.ts'

/** A token not used within a day must be created again (it travels by hand to the edge). */
export const EDGE_TOKEN_TTL_MS = 24 * HOUR
/** An edge silent for this long is shown as silent, not connected. */
const SILENT_AFTER_MS = 5 * MINUTE
const MAX_EDGES = 500

export type EdgeDeps = Pick<Deps, 'db' | 'clock'>

function statusOf(r: EdgeRow, now: number): EdgeStatus {
  if (r.revoked_at !== null) return 'revoked'
  if (r.registered_at === null) return r.token_expires_at <= now ? 'expired' : 'waiting'
  return r.last_contact_at !== null && now - r.last_contact_at < SILENT_AFTER_MS
    ? 'connected'
    : 'silent'
}

export function toEdgeView(r: EdgeRow, devices: number, now: number): EdgeView {
  return {
    id: r.id,
    name: r.name,
    status: statusOf(r, now),
    createdAt: r.created_at,
    tokenExpiresAt: r.token_expires_at,
    registeredAt: r.registered_at,
    lastContactAt: r.last_contact_at,
    revokedAt: r.revoked_at,
    backlog: r.backlog,
    lastSeq: r.last_seq,
    devices,
    version: r.version,
  }
}

async function audit(
  deps: EdgeDeps,
  actor: Actor,
  scope: TenantScope,
  action: string,
  edge: { id: string; name: string },
): Promise<void> {
  await recordAudit(
    deps.db,
    {
      tenantId: scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target: { type: 'edge', id: edge.id, label: edge.name },
      outcome: 'success',
    },
    deps.clock.now(),
  )
}

export function parseEdgeName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : ''
  if (name.length === 0 || name.length > 80 || /[\u0000-\u001f]/.test(name))
    throw new ValidationError({ name: 'Give the edge a name of 1 to 80 characters.' })
  return name
}

/**
 * Creates a registration: the token is returned once and only its hash is kept.
 * @example const reg = await createEdgeRegistration(deps, actor, scope, 'Site A', { url, fingerprint })
 */
export async function createEdgeRegistration(
  deps: EdgeDeps,
  actor: Actor,
  scope: TenantScope,
  nameInput: unknown,
  central: { url: string; fingerprint: string | null },
): Promise<EdgeRegistration> {
  const name = parseEdgeName(nameInput)
  const now = deps.clock.now()
  const token = newEdgeSecret(EDGE_TOKEN_PREFIX)
  const row: EdgeRow = {
    id: newId(now),
    tenant_id: scope.tenantId,
    name,
    token_hash: hashEdgeSecret(token),
    token_expires_at: now + EDGE_TOKEN_TTL_MS,
    secret_hash: null,
    created_at: now,
    created_by: actor.name,
    registered_at: null,
    revoked_at: null,
    last_contact_at: null,
    last_seq: 0,
    backlog: 0,
    version: null,
  }
  const { tenant_id: _t, ...insert } = row
  await insertEdge(scope, insert)
  await audit(deps, actor, scope, 'edge.create', row)
  const pin = central.fingerprint === null ? '' : ` --fingerprint ${central.fingerprint}`
  return {
    edge: toEdgeView(row, 0, now),
    token,
    fingerprint: central.fingerprint,
    // the bundled CLI, run in the edge appliance's directory with its OUTPOST_ variables
    command: `node dist/cli.mjs edge:register ${central.url} ${token}${pin}`,
  }
}

export async function listEdges(deps: EdgeDeps, scope: TenantScope): Promise<EdgeView[]> {
  const [rows, counts] = await Promise.all([
    listEdgeRows(scope, MAX_EDGES),
    countEdgeDevices(scope),
  ])
  const now = deps.clock.now()
  return rows.map((r) => toEdgeView(r, counts.get(r.id) ?? 0, now))
}

/** Revokes the token or credential at once; the edge's devices stay, marked, for the record. */
export async function revokeEdge(
  deps: EdgeDeps,
  actor: Actor,
  scope: TenantScope,
  id: string,
): Promise<EdgeView> {
  const row = await findEdge(scope, id)
  if (!row) throw new NotFoundError('Edge not found.', { code: 'edge_not_found' })
  const now = deps.clock.now()
  if (row.revoked_at === null) {
    await updateEdge(scope, id, { revoked_at: now })
    await audit(deps, actor, scope, 'edge.revoke', row)
  }
  const counts = await countEdgeDevices(scope)
  return toEdgeView({ ...row, revoked_at: row.revoked_at ?? now }, counts.get(id) ?? 0, now)
}
