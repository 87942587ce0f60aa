// A multipart/form-data body the runtime cannot parse (no boundary, or cut off before its closing
// boundary) is a bad request (400) on every route, with the usual error page, htmx fragment or JSON
// error: never a 500. The CSRF token travels in the body, as a browser's form sends it, so every
// state-changing route has to read the broken body.
import { inspectRoutes } from 'hono/dev'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId, UserId } from '../../../src/lib/ids.ts'
import { createFullTestApp } from '../../support/full-app.ts'
import { makeTenant, makeUser, startSessionFor } from '../../support/login.ts'
import { PARAM_SEEDERS, ROUTE_POLICY } from '../route-policy.ts'

const t = await createFullTestApp()
const routes = [
  ...new Set(
    inspectRoutes(t.app)
      .filter((r) => r.method === 'POST')
      .map((r) => r.path),
  ),
].sort()

let tenant: TenantId
let admin: UserId

beforeAll(async () => {
  tenant = (await makeTenant(t.deps)).id
  admin = (await makeUser(t.deps, { superAdmin: true })).id
})
afterAll(() => t.close())

async function urlOf(path: string): Promise<string> {
  let url = path
  for (const m of path.matchAll(/:(\w+)/g)) {
    const param = m[1] as string
    const seeder = PARAM_SEEDERS[ROUTE_POLICY[`POST ${path}`]?.params?.[param] ?? param]
    if (!seeder) throw new Error(`no seeder for :${param} in ${path}`)
    const id = await seeder({ deps: t.deps, tenantId: tenant, actorUserId: admin, marker: 'mp' })
    url = url.replace(`:${param}`, encodeURIComponent(id))
  }
  return url
}

const BROKEN = {
  'without a boundary': { type: 'multipart/form-data', body: 'name=x' },
  'cut off before its end': {
    type: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nrouter-1',
  },
}

describe('broken multipart/form-data', () => {
  it('finds the form routes to test', () => {
    expect(routes).toContain('/login')
    expect(routes).toContain('/devices/import')
    expect(routes.length).toBeGreaterThan(20)
  })

  for (const [what, { type, body }] of Object.entries(BROKEN)) {
    it(`answers 400 to an anonymous POST /login ${what}`, async () => {
      const res = await t
        .agent()
        .request('POST', '/login', { headers: { 'Content-Type': type }, raw: body, csrf: false })
      expect(res.status).toBe(400)
    })

    it(`answers 400 on every POST route ${what}, as page, fragment or JSON`, async () => {
      const agent = t.agent()
      await startSessionFor(t, agent, admin, tenant)
      const problems: string[] = []
      for (const path of routes) {
        const url = await urlOf(path)
        for (const htmx of [false, true]) {
          const res = await agent.request('POST', url, {
            headers: { 'Content-Type': type },
            htmx,
            raw: body,
            csrf: false,
          })
          const text = await res.text()
          const api = url.startsWith('/api/')
          const ok = res.status === 400 && (!api || text.includes('"bad_request"'))
          if (!ok) problems.push(`${path}${htmx ? ' (htmx)' : ''}: ${res.status}`)
          if (!api && res.status === 400 && !htmx && !text.includes('Bad request'))
            problems.push(`${path}: no error page`)
        }
      }
      expect(problems).toEqual([])
    })
  }
})
