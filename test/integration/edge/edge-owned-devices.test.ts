// A device an edge appliance forwards (issue 20) is changed on the edge: on the central one its
// page says so instead of offering Edit, Enable/Disable and Delete; deleting it (page or API) is
// refused with 409 while the edge is active (its next poll would bring it back), and so is a CSV
// import that names it. A preview is queued for the edge; one it does not answer in time (no edge
// runs here) is a 409 that says so. Once the edge is revoked, previews and changes fail at once
// and the central copy can be deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { awaitChange, configureChanges } from '../../../src/changes/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant, makeUser } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { PARAM_SEEDERS } from '../route-policy.ts'

let t: TestApp
let tenantId: TenantId
let operator: TestAgent
let deviceId: DeviceId
let edgeId: string
let deviceName: string

const scope = () => forTenant(t.deps.kysely, tenantId)
const stillThere = async () =>
  (await scope()
    .selectFrom('devices')
    .select('id')
    .where('id', '=', deviceId)
    .executeTakeFirst()) !== undefined

beforeAll(async () => {
  t = await createTestApp()
  tenantId = (await makeTenant(t.deps, 'edge-co')).id
  operator = await loginAs(t, 'operator', tenantId)
  const actor = await makeUser(t.deps, { superAdmin: true })
  const ctx = { deps: t.deps, tenantId, actorUserId: actor.id, marker: 'edge-owned' }
  deviceId = (await PARAM_SEEDERS.deviceId!(ctx)) as DeviceId
  edgeId = await PARAM_SEEDERS.edgeId!(ctx)
  await scope().updateTable('devices').set({ edge_id: edgeId }).where('id', '=', deviceId).execute()
  const row = await scope()
    .selectFrom('devices')
    .select('name')
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow()
  deviceName = row.name
  configureChanges(t.deps, { edgePreviewWaitMs: 1500 })
})

const identity = [{ op: 'set', path: '/system/identity', values: { name: 'x' } }]
const preview = () =>
  operator.request('POST', `/api/v1/devices/${deviceId}/changes/preview`, {
    json: { operations: identity },
  })
const queued = () => scope().selectFrom('edge_changes').select(['state', 'request_json']).execute()
afterAll(() => t.close())

describe('a device forwarded by an active edge, on the central appliance', () => {
  it('has a page that says where it is changed, without the edit, enable and delete actions', async () => {
    const res = await operator.get(`/devices/${deviceId}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(visibleText(html)).toMatch(
      /Polled by the edge appliance .+: edit, enable or delete it on the edge/,
    )
    expect(html).not.toContain(`action="/devices/${deviceId}/delete"`)
    expect(html).not.toContain(`href="/devices/${deviceId}/edit"`)
    expect(html).not.toContain(`action="/devices/${deviceId}/disable"`)
  })

  it('is not deleted from the page or the API (409, with where to do it)', async () => {
    const page = await operator.post(`/devices/${deviceId}/delete`, {})
    expect(page.status).toBe(409)
    expect(visibleText(await page.text())).toMatch(/delete it on the edge/)
    const api = await operator.request('DELETE', `/api/v1/devices/${deviceId}`, { json: {} })
    expect(api.status).toBe(409)
    expect(await api.json()).toMatchObject({ error: { code: 'device_edge_owned' } })
    expect(await stillThere()).toBe(true)
  })

  it('refuses a CSV import that names it, naming the line, and changes nothing', async () => {
    const csv = ['name,host,notes', 'brand-new,10.9.0.1,x', `${deviceName},127.0.0.1,changed`].join(
      '\n',
    )
    const res = await operator.post('/devices/import', { csv })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(
      'managed by an edge appliance; change it on the edge',
    )
    const rows = await scope().selectFrom('devices').select(['name', 'notes']).execute()
    expect(rows.map((r) => r.name)).not.toContain('brand-new')
    expect(rows.find((r) => r.name === deviceName)?.notes).not.toBe('changed')
  })
})

describe('a preview of a device behind an edge', () => {
  it('is queued for the edge; unanswered in time it is a 409 that says so, and nothing stays queued', async () => {
    const started = performance.now()
    const res = await preview()
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({
      error: {
        code: 'edge_preview_timeout',
        message: expect.stringMatching(/did not answer the preview within 2 s; is it online\?/),
      },
    })
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500)
    expect(await queued()).toEqual([{ state: 'done', request_json: '{}' }])
  })
})

describe('after the edge is revoked', () => {
  it('fails previews and changes at once, naming the revoked edge', async () => {
    await scope()
      .updateTable('edges')
      .set({ revoked_at: Date.now() })
      .where('id', '=', edgeId)
      .execute()
    const res = await preview()
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: { code: 'device_edge_revoked' } })
    const started = await operator.request('POST', `/api/v1/devices/${deviceId}/changes`, {
      json: { operations: identity, mode: 'standard' },
    })
    expect(started.status).toBe(202)
    const { change } = (await started.json()) as { change: { id: string } }
    const rec = await awaitChange({ deps: t.deps, scope: scope() }, deviceId, change.id)
    expect(rec).toMatchObject({ state: 'failed', message: expect.stringMatching(/was revoked/) })
    expect(await queued()).toHaveLength(1) // only the earlier preview: nothing queued for a revoked edge
  })

  it('offers Delete on the page, and deleting it works', async () => {
    await scope()
      .updateTable('edges')
      .set({ revoked_at: Date.now() })
      .where('id', '=', edgeId)
      .execute()
    const html = await (await operator.get(`/devices/${deviceId}`)).text()
    expect(visibleText(html)).toContain('that polled this device was revoked')
    expect(html).toContain(`action="/devices/${deviceId}/delete"`)
    const res = await operator.post(`/devices/${deviceId}/delete`, {})
    expect(res.status).toBe(303)
    expect(await stillThere()).toBe(false)
  })
})
