// Tenant use cases for super admins: create, rename, disable/enable, delete, list. Every change
// is audited in the same transaction.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId, type TenantId } from '../lib/ids.ts'
import { auditAdmin } from './audit-entry.ts'
import {
  countMembersByTenant,
  deleteTenant as deleteTenantRow,
  findTenantById,
  findTenantByName,
  insertTenant,
  listTenants,
  toSummary,
  updateTenant,
} from './tenants.repo.ts'
import type { Actor, Tenant, TenantSummary } from './tenants.types.ts'
import { isUniqueViolation } from './unique-violation.ts'

export type TenantsDeps = Pick<Deps, 'db' | 'kysely' | 'unscoped' | 'clock'>

const MAX_TENANTS = 10_000
const NAME_TAKEN = { name: 'A tenant with this name already exists.' }

/** Defence in depth: routes already require super_admin. */
function assertSuperAdmin(actor: Actor): void {
  if (!actor.isSuperAdmin) throw new ForbiddenError()
}

export async function listTenantSummaries(
  deps: TenantsDeps,
  actor: Actor,
): Promise<TenantSummary[]> {
  assertSuperAdmin(actor)
  const [tenants, counts] = await Promise.all([
    listTenants(deps.db, MAX_TENANTS),
    countMembersByTenant(deps.unscoped),
  ])
  return tenants.map((t) => toSummary(t, counts.get(t.id) ?? 0))
}

/** The tenant, or NotFoundError (also for ids that are not ids at all). */
export async function getTenant(deps: TenantsDeps, actor: Actor, id: string): Promise<Tenant> {
  assertSuperAdmin(actor)
  const tenant = isId(id) ? await findTenantById(deps.db, id as TenantId) : undefined
  if (!tenant) throw new NotFoundError('Tenant not found.', { code: 'tenant_not_found' })
  return tenant
}

export async function createTenant(deps: TenantsDeps, actor: Actor, name: string): Promise<Tenant> {
  assertSuperAdmin(actor)
  const now = deps.clock.now()
  const tenant: Tenant = {
    id: newId<TenantId>(now),
    name,
    created_at: now,
    is_disabled: 0,
    require_second_factor: 0,
    time_zone: 'UTC',
  }
  try {
    await withTransaction(deps, async (tx) => {
      if (await findTenantByName(tx.global, name)) throw new ValidationError(NAME_TAKEN)
      await insertTenant(tx.global, tenant)
      const target = { type: 'tenant', id: tenant.id, label: name }
      const fields = { tenantId: tenant.id, action: 'tenant.create', target }
      await auditAdmin(tx.global, actor, fields, now)
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(NAME_TAKEN, undefined, { cause: err })
    throw err
  }
  return tenant
}

export async function renameTenant(
  deps: TenantsDeps,
  actor: Actor,
  id: string,
  name: string,
): Promise<Tenant> {
  const tenant = await getTenant(deps, actor, id)
  if (tenant.name === name) return tenant
  const now = deps.clock.now()
  try {
    await withTransaction(deps, async (tx) => {
      const other = await findTenantByName(tx.global, name)
      if (other && other.id !== tenant.id) throw new ValidationError(NAME_TAKEN)
      await updateTenant(tx.global, tenant.id, { name })
      const target = { type: 'tenant', id: tenant.id, label: name }
      const details = { from: tenant.name, to: name }
      const fields = { tenantId: tenant.id, action: 'tenant.rename', target, details }
      await auditAdmin(tx.global, actor, fields, now)
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(NAME_TAKEN, undefined, { cause: err })
    throw err
  }
  return { ...tenant, name }
}

export async function setTenantDisabled(
  deps: TenantsDeps,
  actor: Actor,
  id: string,
  disabled: boolean,
): Promise<Tenant> {
  const tenant = await getTenant(deps, actor, id)
  if ((tenant.is_disabled === 1) === disabled) return tenant
  const now = deps.clock.now()
  const flag = disabled ? 1 : 0
  await withTransaction(deps, async (tx) => {
    await updateTenant(tx.global, tenant.id, { is_disabled: flag })
    const target = { type: 'tenant', id: tenant.id, label: tenant.name }
    const action = disabled ? 'tenant.disable' : 'tenant.enable'
    await auditAdmin(tx.global, actor, { tenantId: tenant.id, action, target }, now)
  })
  return { ...tenant, is_disabled: flag }
}

/** Deletes a tenant and all its data. `confirm` must repeat the tenant's name exactly. */
export async function deleteTenant(
  deps: TenantsDeps,
  actor: Actor,
  id: string,
  confirm: string,
): Promise<Tenant> {
  const tenant = await getTenant(deps, actor, id)
  if (confirm !== tenant.name) {
    const message = `Type the tenant name "${tenant.name}" exactly to confirm.`
    throw new ValidationError({ confirm: message })
  }
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await deleteTenantRow(tx.global, tenant.id)
    const target = { type: 'tenant', id: tenant.id, label: tenant.name }
    const fields = { tenantId: tenant.id, action: 'tenant.delete', target }
    await auditAdmin(tx.global, actor, fields, now)
  })
  return tenant
}
