// A bulk action sent from a search with characters outside Latin-1 (issue 7: `€` in the device
// search answered 500, since the Location header cannot carry it) returns to that search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { loginAs, makeTenant, makeUser } from '../../support/login.ts'
import { PARAM_SEEDERS } from '../route-policy.ts'

let t: FullTestApp
beforeAll(async () => {
  t = await createFullTestApp()
})
afterAll(() => t.close())

describe('POST /devices/bulk with a non-Latin-1 return_to', () => {
  it.each([
    ['a plain form post', false, 'Location'],
    ['an htmx request', true, 'HX-Redirect'],
  ])('answers %s like any other search', async (_case, htmx, header) => {
    const tenant = await makeTenant(t.deps)
    const operator = await loginAs(t, 'operator', tenant.id)
    const actor = await makeUser(t.deps, { superAdmin: true })
    const seed = PARAM_SEEDERS.deviceId
    if (!seed) throw new Error('no device seeder')
    const deviceId = await seed({
      deps: t.deps,
      tenantId: tenant.id,
      actorUserId: actor.id,
      marker: 'bulk',
    })
    const form = { device_ids: deviceId, enabled: 'disable', return_to: '/devices?q=€ büro' }
    const res = await operator.post('/devices/bulk', form, { htmx })
    expect(res.status).toBe(htmx ? 204 : 303)
    expect(res.headers.get(header)).toBe('/devices?q=%E2%82%AC%20b%C3%BCro')
    const back = await operator.get(res.headers.get(header) ?? '')
    expect(back.status).toBe(200)
  })
})
