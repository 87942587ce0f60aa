// The few reads and writes the demo seeding needs that no domain exposes as a use case.
import type { DeviceId } from '../db/schema-devices.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { TenantId, UserId } from '../lib/ids.ts'
import type { DeviceEndpoint, SealedColumns } from '../device-access/index.ts'

export function findTenantIdByName(
  db: GlobalDb,
  name: string,
): Promise<{ id: TenantId } | undefined> {
  return db.selectFrom('tenants').select('id').where('name', '=', name).executeTakeFirst()
}

export function findUserIdByName(
  db: GlobalDb,
  username: string,
): Promise<{ id: UserId } | undefined> {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()
}

/** A ready super admin: no forced password change, enabled. */
export async function upsertSuperAdmin(
  db: GlobalDb,
  u: { id: UserId; username: string; passwordHash: string; now: number; exists: boolean },
): Promise<void> {
  const ready = {
    password_hash: u.passwordHash,
    is_super_admin: 1 as const,
    must_change_password: 0 as const,
    is_disabled: 0 as const,
    updated_at: u.now,
    password_changed_at: u.now,
  }
  if (u.exists) {
    await db.updateTable('users').set(ready).where('id', '=', u.id).execute()
    return
  }
  await db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      display_name: 'Demo administrator',
      created_at: u.now,
      ...ready,
    })
    .execute()
}

/**
 * Points an existing demo device at its simulator's new ports, with its (known, simulated)
 * credentials sealed again for that endpoint (device-access binding). A new updated_at is what
 * tells the poller to reconnect with fresh settings (deleting and re-adding would race the poller).
 */
export async function updateDemoDevicePort(
  scope: TenantScope,
  id: DeviceId,
  ports: { apiPort: number; sshPort: number },
  now: number,
  seal: (endpoint: DeviceEndpoint) => SealedColumns,
): Promise<void> {
  const row = await scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  const sealed = seal({ ...row, api_port: ports.apiPort, ssh_port: ports.sshPort })
  await scope
    .updateTable('devices')
    .set({ api_port: ports.apiPort, ssh_port: ports.sshPort, ...sealed, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function findDeviceIdByName(
  scope: TenantScope,
  name: string,
): Promise<DeviceId | undefined> {
  const row = await scope
    .selectFrom('devices')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst()
  return row?.id
}
