import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice, listDevices, type DeviceCtx } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema, deviceListQuerySchema } from '../../../src/devices/devices.schema.ts'
import { createLabel, labelsOf, removeLabel, renameLabel } from '../../../src/labels/index.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'

let deps: TestDeps
let a: DeviceCtx
let b: DeviceCtx
const actor = { kind: 'user' as const, id: 'U1', name: 'alice', ip: null }
const noCheck = { check: false, saveAnyway: false }

beforeAll(async () => {
  deps = await createTestDeps()
  a = { deps, scope: forTenant(deps.kysely, (await makeTenant(deps, 'la')).id), actor }
  b = { deps, scope: forTenant(deps.kysely, (await makeTenant(deps, 'lb')).id), actor }
})
afterAll(() => deps.close())

const dev = (name: string, over: Record<string, unknown>) =>
  deviceCreateSchema.parse({ name, host: '10.9.0.1', username: 'u', password: 'p', ...over })
const names = async (ctx: DeviceCtx, raw: Record<string, string>) =>
  (await listDevices(ctx, deviceListQuerySchema.parse(raw))).page.rows.map((r) => r.name).sort()

describe('sites, tags and groups', () => {
  it('filter the device table and count their devices', async () => {
    const site = await createLabel(a, 'sites', { name: 'Vienna', description: '' })
    const tag = await createLabel(a, 'tags', { name: 'edge', description: 'border routers' })
    const group = await createLabel(a, 'groups', { name: 'night-backup', description: '' })
    await addDevice(a, dev('f-1', { site_id: site, tag_ids: [tag], group_ids: [group] }), noCheck)
    await addDevice(a, dev('f-2', { tag_ids: [tag] }), noCheck)
    await addDevice(a, dev('f_3%', {}), noCheck)
    expect(await names(a, { site })).toEqual(['f-1'])
    expect(await names(a, { tag })).toEqual(['f-1', 'f-2'])
    expect(await names(a, { group })).toEqual(['f-1'])
    expect(await names(a, { q: '_3%' })).toEqual(['f_3%'])
    expect(await names(a, { q: 'F-' })).toEqual(['f-1', 'f-2'])
    const tags = await labelsOf(a, 'tags')
    expect(tags).toMatchObject([{ name: 'edge', description: 'border routers', deviceCount: 2 }])
  })

  it('refuse duplicate names and answer 404 across tenants', async () => {
    const id = await createLabel(a, 'sites', { name: 'Graz', description: '' })
    await expect(createLabel(a, 'sites', { name: 'graz', description: '' })).rejects.toMatchObject({
      status: 422,
    })
    await expect(renameLabel(b, 'sites', id, { name: 'x', description: '' })).rejects.toMatchObject(
      { status: 404 },
    )
    await expect(removeLabel(b, 'sites', id)).rejects.toMatchObject({ status: 404 })
    await expect(addDevice(b, dev('steal', { site_id: id }), noCheck)).rejects.toMatchObject({
      status: 422,
      fields: { site_id: expect.any(String) },
    })
  })

  it('removing a site or tag keeps the devices', async () => {
    const site = await createLabel(a, 'sites', { name: 'Linz', description: '' })
    const tag = await createLabel(a, 'tags', { name: 'temp', description: '' })
    await addDevice(a, dev('keep-me', { site_id: site, tag_ids: [tag] }), noCheck)
    await removeLabel(a, 'sites', site)
    await removeLabel(a, 'tags', tag)
    const [row] = (await listDevices(a, deviceListQuerySchema.parse({ q: 'keep-me' }))).page.rows
    expect(row).toMatchObject({ name: 'keep-me', site: null, tags: [] })
  })
})
