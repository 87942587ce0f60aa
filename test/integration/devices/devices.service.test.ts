import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import {
  addDevice,
  getDevice,
  listDevices,
  updateDeviceSettings,
  type DeviceCtx,
} from '../../../src/devices/devices.service.ts'
import { removeDevice } from '../../../src/devices/device-state.service.ts'
import {
  deviceCreateSchema,
  deviceListQuerySchema,
  deviceUpdateSchema,
} from '../../../src/devices/devices.schema.ts'
import { openCredentials as deviceCredentials } from '../../../src/device-access/index.ts'
import { findDeviceRow } from '../../../src/devices/devices.repo.ts'
import { bulkEditDevices } from '../../../src/devices/device-bulk.service.ts'
import { deviceBulkSchema } from '../../../src/devices/devices.schema.ts'
import { insertLabel } from '../../../src/labels/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { storedBytes } from '../../support/raw-sql.ts'

let deps: TestDeps
const actor = { kind: 'user' as const, id: 'U1', name: 'alice', ip: '127.0.0.1' }

async function makeTenant(name: string): Promise<TenantId> {
  const id = newId<TenantId>()
  await deps.db.insertInto('tenants').values({ id, name, created_at: deps.clock.now() }).execute()
  return id
}

function ctxFor(tenantId: TenantId): DeviceCtx {
  return { deps, scope: forTenant(deps.kysely, tenantId), actor }
}

const noCheck = { check: false, saveAnyway: false }
const input = (over: Record<string, unknown> = {}) =>
  deviceCreateSchema.parse({
    name: 'core-1',
    host: '10.0.0.1',
    username: 'admin',
    password: 'Sup3r-S3cret-pw',
    ...over,
  })

beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(async () => {
  await deps.close()
})

describe('devices service', () => {
  it('adds, reads, updates and deletes a device without exposing credentials', async () => {
    const ctx = ctxFor(await makeTenant('acme'))
    const r = await addDevice(ctx, input(), noCheck)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.device).toMatchObject({
      name: 'core-1',
      host: '10.0.0.1',
      apiPort: 8728,
      status: 'unknown',
      isEnabled: true,
    })
    expect(JSON.stringify(r.device)).not.toContain('Sup3r')
    const row = await findDeviceRow(ctx.scope, r.device.id)
    expect(await deviceCredentials(deps, ctx.scope, row!)).toEqual({
      username: 'admin',
      password: 'Sup3r-S3cret-pw',
    })

    // same endpoint, blank credentials: the stored ones stay (a changed endpoint needs them again)
    const upd = deviceUpdateSchema.parse({
      name: 'core-1b',
      host: '10.0.0.1',
      username: '',
      password: '',
    })
    const u = await updateDeviceSettings(ctx, r.device.id, upd, noCheck)
    expect(u.ok && u.device.name).toBe('core-1b')
    const row2 = await findDeviceRow(ctx.scope, r.device.id)
    expect(await deviceCredentials(deps, ctx.scope, row2!)).toEqual({
      username: 'admin',
      password: 'Sup3r-S3cret-pw',
    })

    await removeDevice(ctx, r.device.id)
    await expect(getDevice(ctx, r.device.id)).rejects.toMatchObject({ status: 404 })
  })

  it("answers 404 for another tenant's device", async () => {
    const a = ctxFor(await makeTenant('a'))
    const b = ctxFor(await makeTenant('b'))
    const r = await addDevice(a, input(), noCheck)
    if (!r.ok) throw new Error('add failed')
    await expect(getDevice(b, r.device.id)).rejects.toMatchObject({ status: 404 })
    await expect(removeDevice(b, r.device.id)).rejects.toMatchObject({ status: 404 })
  })

  it('refuses a duplicate name with a field message', async () => {
    const ctx = ctxFor(await makeTenant('acme'))
    await addDevice(ctx, input(), noCheck)
    await expect(addDevice(ctx, input({ host: '10.0.0.9' }), noCheck)).rejects.toMatchObject({
      status: 422,
      fields: { name: expect.stringContaining('already exists') },
    })
  })

  it('lists with search, status filter and paging', async () => {
    const ctx = ctxFor(await makeTenant('acme'))
    for (let i = 0; i < 25; i++)
      await addDevice(
        ctx,
        input({ name: `r-${String(i).padStart(2, '0')}`, host: `10.0.1.${i}` }),
        noCheck,
      )
    const all = await listDevices(ctx, deviceListQuerySchema.parse({ per_page: '10', page: '3' }))
    expect(all.page.total).toBe(25)
    expect(all.page.rows.map((r) => r.name)).toEqual(['r-20', 'r-21', 'r-22', 'r-23', 'r-24'])
    const found = await listDevices(ctx, deviceListQuerySchema.parse({ q: '10.0.1.1' }))
    expect(found.page.rows.map((r) => r.host).sort()).toEqual([
      '10.0.1.1',
      '10.0.1.10',
      '10.0.1.11',
      '10.0.1.12',
      '10.0.1.13',
      '10.0.1.14',
      '10.0.1.15',
      '10.0.1.16',
      '10.0.1.17',
      '10.0.1.18',
      '10.0.1.19',
    ])
    const desc = await listDevices(
      ctx,
      deviceListQuerySchema.parse({ sort: 'name', dir: 'desc', per_page: '10' }),
    )
    expect(desc.page.rows[0]?.name).toBe('r-24')
    const none = await listDevices(ctx, deviceListQuerySchema.parse({ status: 'online' }))
    expect(none.page.total).toBe(0)
    expect(none.fleetEmpty).toBe(false)
  })

  it('leaves no plaintext credential in the database (SQLite: its file and WAL; PostgreSQL: any table)', async () => {
    const ctx = ctxFor(await makeTenant('acme'))
    const secrets = ['Plaintext-Pass-7731', 'opsuser-5521', 'Replaced-Pass-9902']
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const r = await addDevice(
        ctx,
        input({ name: `visible-name-${i}`, username: secrets[1], password: secrets[0] }),
        noCheck,
      )
      if (r.ok) ids.push(r.device.id)
    }
    const upd = deviceUpdateSchema.parse({
      name: 'visible-name-0',
      host: '10.0.0.1',
      username: '',
      password: secrets[2],
    })
    await updateDeviceSettings(ctx, ids[0] as string, upd, noCheck)
    const bytes = await storedBytes(deps)
    // positive control: the search does find what is stored in clear
    expect(bytes.includes(Buffer.from('visible-name-1'))).toBe(true)
    for (const s of secrets) expect(bytes.includes(Buffer.from(s))).toBe(false)
  })

  it('refuses a credential copied from another device row', async () => {
    const ctx = ctxFor(await makeTenant('acme'))
    const a = await addDevice(ctx, input({ name: 'a', password: 'pw-of-a' }), noCheck)
    const b = await addDevice(ctx, input({ name: 'b', password: 'pw-of-b' }), noCheck)
    if (!a.ok || !b.ok) throw new Error('add failed')
    const rowA = await findDeviceRow(ctx.scope, a.device.id)
    await ctx.scope
      .updateTable('devices')
      .set({ password_enc: rowA!.password_enc })
      .where('id', '=', b.device.id)
      .execute()
    const rowB = await findDeviceRow(ctx.scope, b.device.id)
    const err: unknown = await deviceCredentials(deps, ctx.scope, rowB!).catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'credentials_unbound',
      cause: { message: 'sealed value failed authentication' },
    })
  })

  it('deletes a device once when two deletes race, with one audit entry and a 404 for the loser', async () => {
    const ctx = ctxFor(await makeTenant('race'))
    const r = await addDevice(ctx, input(), noCheck)
    if (!r.ok) throw new Error('add failed')
    const results = await Promise.allSettled([
      removeDevice(ctx, r.device.id),
      removeDevice(ctx, r.device.id),
    ])
    expect(results.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected'])
    const failed = results.find((x) => x.status === 'rejected')
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ status: 404 })
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'device.delete')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('answers 404 for an edit racing the deletion of the device, writing nothing', async () => {
    const ctx = ctxFor(await makeTenant('race-edit'))
    const r = await addDevice(ctx, input(), noCheck)
    if (!r.ok) throw new Error('add failed')
    const upd = deviceUpdateSchema.parse({
      name: 'renamed',
      host: '10.0.0.1',
      username: '',
      password: '',
    })
    const results = await Promise.allSettled([
      removeDevice(ctx, r.device.id),
      updateDeviceSettings(ctx, r.device.id, upd, noCheck),
    ])
    expect(results[0].status).toBe('fulfilled')
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'device.update')
      .where('target_id', '=', r.device.id)
      .execute()
    // which one commits first is up to the database: an edit that lost is a 404 (never a
    // foreign-key error) and leaves no trace; one that won was audited before the delete
    if (results[1].status === 'rejected') {
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ status: 404 })
      expect(audit).toEqual([])
    } else {
      expect(audit).toHaveLength(1)
    }
    expect(await findDeviceRow(ctx.scope, r.device.id)).toBeUndefined()
  })

  it('answers 404 for a bulk edit racing the deletion of one selected device, writing nothing', async () => {
    const ctx = ctxFor(await makeTenant('race-bulk'))
    const a = await addDevice(ctx, input({ name: 'a-1' }), noCheck)
    const b = await addDevice(ctx, input({ name: 'b-1' }), noCheck)
    if (!a.ok || !b.ok) throw new Error('add failed')
    const tagId = newId()
    await insertLabel(ctx.scope, 'tags', {
      id: tagId,
      name: 'edge',
      description: '',
      created_at: deps.clock.now(),
    })
    const bulk = deviceBulkSchema.parse({
      device_ids: [a.device.id, b.device.id],
      add_tag_ids: [tagId],
    })
    const results = await Promise.allSettled([
      removeDevice(ctx, b.device.id),
      bulkEditDevices(ctx, bulk),
    ])
    expect(results[0].status).toBe('fulfilled')
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ status: 404 })
    expect(await deps.kysely.selectFrom('device_tags').selectAll().execute()).toEqual([])
  })
})
