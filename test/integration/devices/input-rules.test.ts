// Input that can't be meant is refused with a field message by every input path (the device form,
// the JSON API, CSV import, the label forms), and nothing is stored: loose IPv4 literals, ports in
// hex or exponent notation, control characters, invisible formatting characters in names, lone
// surrogates and invalid UTF-8.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let tenant: TenantId
let operator: TestAgent

beforeAll(async () => {
  t = await createTestApp()
  tenant = (await makeTenant(t.deps)).id
  operator = await loginAs(t, 'operator', tenant)
})
afterAll(() => t.close())

const count = async (table: 'devices' | 'sites' | 'tags') =>
  (await forTenant(t.deps.kysely, tenant).selectFrom(table).select('id').execute()).length

const BASE = { name: 'rule-test', host: '127.0.0.1', username: 'admin', password: 'secret-1' }
const IPV4 = 'Enter a valid IPv4 address'
const PORT = 'Enter the API port (1-65535).'
const CONTROL = 'Control characters'
const INVISIBLE = 'Invisible formatting characters'
const BROKEN = 'Contains a broken character'
const INVALID_UTF8 = 'Contains bytes that are not valid UTF-8'

/** [field, value, expected message start] */
const CASES: [string, string, string][] = [
  ['host', '999.1.1.1', IPV4],
  ['host', '256.256.256.256', IPV4],
  ['host', '1.2.3.4.5', IPV4],
  ['host', '1.2.3', IPV4],
  ['host', '0x7f.1', IPV4],
  ['api_port', '0x1f', PORT],
  ['api_port', '1e3', PORT],
  ['username', 'ad\u0000min', CONTROL],
  ['password', 'pass\u0007word', CONTROL],
  ['notes', 'a\u0000b', CONTROL],
  ['name', 'router\u202e1-oc', INVISIBLE],
  ['name', 'ro\u200buter', INVISIBLE],
  // sent in a form or CSV, a lone surrogate arrives as invalid UTF-8 (browsers encode it so)
  ['name', 'bad\ud800name', BROKEN],
  ['name', 'bad\ufffdname', INVALID_UTF8],
]

/** What a form or CSV upload shows: URL encoding turns a lone surrogate into invalid UTF-8. */
const viaForm = (message: string) => (message === BROKEN ? INVALID_UTF8 : message)

describe('device input rules', () => {
  it.each(CASES)('the form refuses %s %j', async (field, value, message) => {
    const res = await operator.post('/devices', { ...BASE, [field]: value })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(viaForm(message))
    expect(await count('devices')).toBe(0)
  })

  it.each(CASES)('the JSON API refuses %s %j', async (field, value, message) => {
    // the API speaks camelCase (api_port → apiPort)
    const key = field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    const res = await operator.request('POST', '/api/v1/devices', {
      json: [{ ...BASE, [key]: value }],
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { fields: Record<string, string> } }
    expect(body.error.fields[`0.${key}`]).toContain(message)
    expect(await count('devices')).toBe(0)
  })

  it.each(CASES)('CSV import refuses %s %j', async (field, value, message) => {
    const row = { ...BASE, [field]: value }
    const csv = `${Object.keys(row).join(',')}\n${Object.values(row).join(',')}\n`
    const res = await operator.post('/devices/import', { csv })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(`Line 2, ${field}: ${viaForm(message)}`)
    expect(await count('devices')).toBe(0)
  })

  it('the form refuses a name sent as invalid UTF-8 bytes', async () => {
    const raw = `_csrf=${encodeURIComponent(await operator.csrfToken())}&name=r%FF1&host=127.0.0.1&username=admin&password=x`
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
    const res = await operator.request('POST', '/devices', { raw, headers, csrf: false })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(INVALID_UTF8)
    expect(await count('devices')).toBe(0)
  })

  it('CSV import refuses an uploaded file with invalid UTF-8 bytes', async () => {
    const csv = Buffer.concat([
      Buffer.from('name,host,username,password\nr'),
      Buffer.from([0xff]),
      Buffer.from('1,127.0.0.1,admin,x\n'),
    ])
    const form = new FormData()
    form.append('_csrf', await operator.csrfToken())
    form.append('file', new Blob([csv]), 'devices.csv')
    const req = new Request('http://localhost/', { method: 'POST', body: form })
    const headers = { 'Content-Type': req.headers.get('Content-Type') as string }
    const res = await operator.request('POST', '/devices/import', {
      raw: new Uint8Array(await req.arrayBuffer()),
      headers,
      csrf: false,
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(`Line 2, name: ${INVALID_UTF8}`)
    expect(await count('devices')).toBe(0)
  })

  it('CSV import refuses invisible characters in the site and tag names it would create', async () => {
    const csv = `name,host,username,password,site,tags\nr1,127.0.0.1,admin,x,H\u200bQ,core;ed\u202ege\n`
    const res = await operator.post('/devices/import', { csv })
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain(`Line 2, site: "H\u200bQ": ${INVISIBLE}`)
    expect(text).toContain(`Line 2, tags: "ed\u202ege": ${INVISIBLE}`)
    expect([await count('devices'), await count('sites'), await count('tags')]).toEqual([0, 0, 0])
  })
})

describe('label input rules', () => {
  it.each([
    ['name', 'H\u202eQ', INVISIBLE],
    ['description', 'a\u0000b', CONTROL],
    ['description', 'bad\ud800', INVALID_UTF8],
  ])('the site form refuses %s %j', async (field, value, message) => {
    const res = await operator.post('/devices/sites', {
      name: 'HQ',
      description: '',
      [field]: value,
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(message)
    expect(await count('sites')).toBe(0)
  })
})
