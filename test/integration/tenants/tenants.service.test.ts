// Tenant and membership use cases against a real database: rows, audit entries, refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../src/audit/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/errors.ts'
import type { UserId } from '../../../src/lib/ids.ts'
import {
  addMember,
  changeMemberRole,
  createTenant,
  deleteTenant,
  listTenantMembers,
  listTenantSummaries,
  removeMember,
  renameTenant,
  setTenantDisabled,
  type Actor,
} from '../../../src/tenants/index.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { makeUser } from '../../support/login.ts'

let deps: TestDeps
let actor: Actor

beforeEach(async () => {
  deps = await createTestDeps()
  const admin = await makeUser(deps, { superAdmin: true, username: 'root' })
  actor = {
    kind: 'user',
    id: admin.id,
    name: 'root',
    userId: admin.id,
    isSuperAdmin: true,
    ip: '10.9.9.9',
  }
})
afterEach(() => deps.close())

async function auditActions(): Promise<string[]> {
  const rows = await deps.db.selectFrom('audit_log').select('action').orderBy('seq').execute()
  return rows.map((r) => r.action)
}

describe('tenant use cases', () => {
  it('creates, renames, disables and lists a tenant, auditing each step', async () => {
    const t = await createTenant(deps, actor, 'Acme')
    await renameTenant(deps, actor, t.id, 'Acme Ltd')
    await setTenantDisabled(deps, actor, t.id, true)
    const list = await listTenantSummaries(deps, actor)
    expect(list).toEqual([
      expect.objectContaining({ id: t.id, name: 'Acme Ltd', isDisabled: true, memberCount: 0 }),
    ])
    expect(await auditActions()).toEqual(['tenant.create', 'tenant.rename', 'tenant.disable'])
    const entry = await deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'tenant.rename')
      .executeTakeFirstOrThrow()
    expect(entry).toMatchObject({
      tenant_id: t.id,
      actor_name: 'root',
      ip: '10.9.9.9',
      target_id: t.id,
      outcome: 'success',
    })
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: 3 })
  })

  it('refuses a duplicate name case-insensitively with a field message', async () => {
    await createTenant(deps, actor, 'Acme')
    const err = await createTenant(deps, actor, 'ACME').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).fields).toHaveProperty('name')
    expect(await auditActions()).toEqual(['tenant.create'])
  })

  it('deletes only with the exact name as confirmation, taking memberships with it', async () => {
    const t = await createTenant(deps, actor, 'Doomed')
    const u = await makeUser(deps, { memberships: [{ tenantId: t.id, role: 'viewer' }] })
    await expect(deleteTenant(deps, actor, t.id, 'doomed')).rejects.toBeInstanceOf(ValidationError)
    await deleteTenant(deps, actor, t.id, 'Doomed')
    await expect(listTenantMembers(deps, actor, t.id)).rejects.toBeInstanceOf(NotFoundError)
    const left = await deps.unscoped
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', u.id)
      .execute()
    expect(left).toEqual([])
    expect(await auditActions()).toEqual(['tenant.create', 'tenant.delete'])
  })

  it('refuses everything to an actor who is not a super admin', async () => {
    const t = await createTenant(deps, actor, 'Acme')
    const plain: Actor = { ...actor, isSuperAdmin: false }
    await expect(listTenantSummaries(deps, plain)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(renameTenant(deps, plain, t.id, 'x')).rejects.toBeInstanceOf(ForbiddenError)
  })

  it.each(['', 'not-an-id', '01JD0000000000000000000000'])(
    'answers 404 for tenant id %j',
    async (id) => {
      await expect(renameTenant(deps, actor, id, 'x')).rejects.toBeInstanceOf(NotFoundError)
    },
  )
})

describe('membership use cases', () => {
  it('adds, re-roles and removes a member', async () => {
    const t = await createTenant(deps, actor, 'Acme')
    const u = await makeUser(deps, { username: 'alice' })
    const m = await addMember(deps, actor, t.id, { username: 'ALICE', role: 'viewer' })
    expect(m).toMatchObject({ userId: u.id as UserId, username: 'alice', role: 'viewer' })
    await changeMemberRole(deps, actor, t.id, m.membershipId, 'operator')
    expect((await listTenantMembers(deps, actor, t.id)).map((x) => x.role)).toEqual(['operator'])
    await removeMember(deps, actor, t.id, m.membershipId)
    expect(await listTenantMembers(deps, actor, t.id)).toEqual([])
    expect(await auditActions()).toEqual([
      'tenant.create',
      'membership.add',
      'membership.role_change',
      'membership.remove',
    ])
  })

  it('reports an unknown user and a duplicate membership on the user name field', async () => {
    const t = await createTenant(deps, actor, 'Acme')
    await makeUser(deps, { username: 'bob' })
    const unknown = await addMember(deps, actor, t.id, {
      username: 'nobody',
      role: 'viewer',
    }).catch((e: unknown) => e)
    expect((unknown as ValidationError).fields).toHaveProperty('username')
    await addMember(deps, actor, t.id, { username: 'bob', role: 'viewer' })
    const dup = await addMember(deps, actor, t.id, { username: 'bob', role: 'admin' }).catch(
      (e: unknown) => e,
    )
    expect((dup as ValidationError).fields).toHaveProperty('username')
  })

  it("does not find another tenant's membership", async () => {
    const a = await createTenant(deps, actor, 'A')
    const b = await createTenant(deps, actor, 'B')
    await makeUser(deps, { username: 'carol' })
    const m = await addMember(deps, actor, a.id, { username: 'carol', role: 'viewer' })
    await expect(removeMember(deps, actor, b.id, m.membershipId)).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(await listTenantMembers(deps, actor, a.id)).toHaveLength(1)
  })
})
