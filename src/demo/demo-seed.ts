// Seeds the demo: a super admin that needs no password change, three tenants and one device row
// per simulated router (through the same services the pages use, so everything is audited).
// Re-running on the same data directory reuses the tenants and devices and re-points the devices at
// the new simulator ports (API and SSH).
import { recordAudit } from '../audit/index.ts'
import { hashPassword, hashProfile } from '../auth/index.ts'
import { forTenant } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { dataKeyFor, sealCredentials } from '../device-access/index.ts'
import type { Deps } from '../deps.ts'
import { addDevice, deviceCreateSchema } from '../devices/index.ts'
import { randomToken } from '../lib/crypto.ts'
import { newId, type TenantId, type UserId } from '../lib/ids.ts'
import { createTenant } from '../tenants/index.ts'
import type { DemoDevice } from './demo-fleet.ts'
import {
  findDeviceIdByName,
  findTenantIdByName,
  findUserIdByName,
  updateDemoDevicePort,
  upsertSuperAdmin,
} from './demo.repo.ts'

export const DEMO_TENANTS = ['Acme Networks', 'Borealis ISP', 'Cobalt Cafés'] as const
export const DEMO_USER = 'demo'

/** Creates (or resets) the demo super admin with a fresh random password; returns it. */
export async function ensureDemoAdmin(deps: Deps): Promise<{ id: UserId; password: string }> {
  const now = deps.clock.now()
  const password = randomToken(12)
  const passwordHash = await hashPassword(password, hashProfile(deps))
  const existing = await findUserIdByName(deps.db, DEMO_USER)
  const id = existing?.id ?? newId<UserId>(now)
  await withTransaction(deps, async (tx) => {
    await upsertSuperAdmin(tx.global, {
      id,
      username: DEMO_USER,
      passwordHash,
      now,
      exists: existing !== undefined,
    })
    await recordAudit(
      tx.global,
      {
        tenantId: null,
        actor: { kind: 'system', id: null, name: 'demo' },
        ip: null,
        action: 'demo.admin_ready',
        target: { type: 'user', id, label: DEMO_USER },
        outcome: 'success',
      },
      now,
    )
  })
  return { id, password }
}

async function ensureTenant(deps: Deps, actorId: UserId, name: string): Promise<TenantId> {
  const found = await findTenantIdByName(deps.db, name)
  if (found) return found.id
  const actor = {
    kind: 'user' as const,
    id: actorId,
    name: DEMO_USER,
    userId: actorId,
    isSuperAdmin: true,
    ip: null,
  }
  return (await createTenant(deps, actor, name)).id
}

/** One device row per simulated router, in its tenant, polled every `pollIntervalS`. */
export async function seedDemoDevices(
  deps: Deps,
  actorId: UserId,
  fleet: readonly DemoDevice[],
  pollIntervalS: number,
): Promise<number> {
  const tenantIds: TenantId[] = []
  for (const name of DEMO_TENANTS) tenantIds.push(await ensureTenant(deps, actorId, name))
  const actor = { kind: 'user' as const, id: actorId, name: DEMO_USER, ip: null }
  for (const d of fleet) {
    const scope = forTenant(deps.kysely, tenantIds[d.tenant % tenantIds.length] as TenantId)
    const ctx = { deps, scope, actor }
    const old = await findDeviceIdByName(scope, d.name)
    if (old !== undefined) {
      const key = await dataKeyFor(deps, scope)
      const creds = { username: d.sim.username, password: d.sim.password }
      await updateDemoDevicePort(
        scope,
        old,
        { apiPort: d.apiPort, sshPort: d.sshPort },
        deps.clock.now(),
        (e) => sealCredentials(key, scope.tenantId, old, creds, e),
      )
      continue
    }
    const input = deviceCreateSchema.parse({
      name: d.name,
      host: d.sim.host,
      api_port: String(d.apiPort),
      ssh_port: String(d.sshPort),
      username: d.sim.username,
      password: d.sim.password,
      is_enabled: 'true',
      poll_interval_s: String(pollIntervalS),
      notes: d.fault
        ? `Demo device with a simulated fault: ${d.fault}.`
        : `Simulated ${d.sim.persona}.`,
    })
    const r = await addDevice(ctx, input, { check: false, saveAnyway: false })
    if (!r.ok) throw new Error(`demo device ${d.name} was not added`)
  }
  return fleet.length
}
