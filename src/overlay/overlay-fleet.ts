// The overlay's cross-tenant reads (deps.unscoped, like API-key authentication): which blocks are
// taken, which enrollment a token belongs to (the router presents only the token), and every
// enrolled peer the appliance's interface must carry. Nothing here writes.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { TenantId } from '../lib/ids.ts'

/** deps.unscoped (typed structurally: deps.ts builds the runtime that imports this file) */
export interface FleetDeps {
  readonly unscoped: Kysely<Database>
}

export async function takenBlocks(deps: FleetDeps): Promise<Set<number>> {
  const rows = await deps.unscoped.selectFrom('overlay_blocks').select('block').execute()
  return new Set(rows.map((r) => r.block))
}

export interface EnrollmentRow {
  id: string
  tenant_id: TenantId
  device_id: string
  expires_at: number
  used_at: number | null
}

export async function findEnrollmentByHash(
  deps: FleetDeps,
  tokenHash: string,
): Promise<EnrollmentRow | undefined> {
  return deps.unscoped
    .selectFrom('overlay_enrollments')
    .select(['id', 'tenant_id', 'device_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export interface EnrolledPeer {
  tenant_id: TenantId
  device_id: string
  address: string
  public_key: string
}

/** Every enrolled peer of every tenant (the interface's desired state). */
export async function allEnrolledPeers(deps: FleetDeps): Promise<EnrolledPeer[]> {
  const rows = await deps.unscoped
    .selectFrom('overlay_peers')
    .select(['tenant_id', 'device_id', 'address', 'public_key'])
    .where('public_key', 'is not', null)
    .execute()
  return rows.map((r) => ({ ...r, public_key: r.public_key ?? '' }))
}

export async function allBlocks(
  deps: FleetDeps,
): Promise<{ tenant_id: TenantId; block: number }[]> {
  return deps.unscoped.selectFrom('overlay_blocks').select(['tenant_id', 'block']).execute()
}
