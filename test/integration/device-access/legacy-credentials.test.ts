// Existing devices keep working after migration 0004: credentials sealed before endpoint binding
// open while the device still has the endpoint recorded by the migration, and are then sealed
// again with the binding. A legacy row whose endpoint was changed afterwards fails closed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/db/connect.ts'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import { migrations } from '../../../src/db/migrations/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { dataKeyFor, endpointDigest, openCredentials } from '../../../src/device-access/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { sealSecret } from '../../../src/lib/secretbox.ts'
import { TEST_SECRETS } from '../../support/db.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const keyDeps = { secrets: TEST_SECRETS, clock: { now: () => Date.UTC(2026, 0, 1) } }

/** A database at migration 0003 with two devices sealed the old way (no endpoint binding). */
async function databaseBefore0004() {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-legacy-'))
  dirs.push(dir)
  const db = openDatabase(join(dir, 'outpost.db'))
  const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0004'))
  await migrateToLatest(db.kysely, before)
  const tenantId = newId<TenantId>()
  await db.kysely
    .insertInto('tenants')
    .values({ id: tenantId, name: 'legacy', created_at: 1 })
    .execute()
  const scope = forTenant(db.kysely, tenantId)
  const key = await dataKeyFor(keyDeps, scope)
  const ids: DeviceId[] = []
  for (const [i, password] of ['old-pw-1', 'old-pw-2'].entries()) {
    const id = newId<DeviceId>()
    ids.push(id)
    const ctx = { tenantId, rowId: id }
    // the columns added by 0004 do not exist yet: insert exactly what 0003 knew
    db.sqlite
      .prepare(
        `INSERT INTO devices (id, tenant_id, name, host, api_port, transport, tls_mode, tls_fingerprint, ssh_port,
        username_enc, password_enc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'api-ssl', 'pin', ?, 22, ?, ?, 1, 1)`,
      )
      .run(
        id,
        tenantId,
        `r${i}`,
        `10.0.0.${i + 1}`,
        8729,
        'AB:'.repeat(31) + 'AB',
        sealSecret(key, 'admin', { ...ctx, field: 'username' }),
        sealSecret(key, password, { ...ctx, field: 'password' }),
      )
  }
  await db.kysely
    .insertInto('device_events')
    .values({
      id: newId(),
      tenant_id: tenantId,
      device_id: ids[0] as DeviceId,
      at: 1,
      kind: 'came_online',
      message: 'up',
    })
    .execute()
  return { db, scope, ids }
}

describe('migration 0004 and legacy credentials', () => {
  it('records each device endpoint, keeps events, and re-seals legacy credentials on first use', async () => {
    const { db, scope, ids } = await databaseBefore0004()
    expect((await migrateToLatest(db.kysely)).applied).toContain('0004-device-access')
    const row = await scope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', ids[0] as DeviceId)
      .executeTakeFirstOrThrow()
    expect(row.credentials_legacy_digest).toBe(endpointDigest(row))
    expect(await scope.selectFrom('device_events').select('kind').execute()).toEqual([
      { kind: 'came_online' },
    ])
    // the rebuilt events table accepts the new kind and still cascades with its device
    await scope
      .insertInto('device_events', {
        id: newId(),
        device_id: row.id,
        at: 2,
        kind: 'host_key_changed',
        message: 'x',
      })
      .execute()

    expect(await openCredentials(keyDeps, scope, row)).toEqual({
      username: 'admin',
      password: 'old-pw-1',
    })
    const resealed = await scope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(resealed.credentials_legacy_digest).toBeNull()
    expect(resealed.password_enc).not.toBe(row.password_enc)
    expect(await openCredentials(keyDeps, scope, resealed)).toEqual({
      username: 'admin',
      password: 'old-pw-1',
    })
    db.sqlite.close()
  })

  it('fails closed for a legacy device whose endpoint changed after the migration', async () => {
    const { db, scope, ids } = await databaseBefore0004()
    await migrateToLatest(db.kysely)
    await scope
      .updateTable('devices')
      .set({ tls_mode: 'insecure', api_port: 9999 })
      .where('id', '=', ids[1] as DeviceId)
      .execute()
    const row = await scope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', ids[1] as DeviceId)
      .executeTakeFirstOrThrow()
    await expect(openCredentials(keyDeps, scope, row)).rejects.toMatchObject({
      code: 'credentials_unbound',
    })
    db.sqlite.close()
  })
})
