// Bulk actions (issue 15): "all N matching this filter", select-all on the page, and bulk
// credential changes (typed, or a credential profile) through the credential-binding rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { openCredentials } from '../../../src/device-access/index.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { freePort } from '../../support/free-port.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { auditRow } from '../../support/audit.ts'

let t: TestApp
let tenant: TenantId
let admin: TestAgent
let operator: TestAgent
let port: number

const scope = () => forTenant(t.deps.kysely, tenant)
const rowsNamed = (prefix: string) =>
  scope()
    .selectFrom('devices')
    .selectAll()
    .where('name', 'like', `${prefix}%`)
    .orderBy('name')
    .execute()

async function flashAfter(agent: TestAgent): Promise<string> {
  return visibleText(await (await agent.get('/devices')).text())
}

beforeAll(async () => {
  t = await createTestApp()
  port = await freePort()
  tenant = (await makeTenant(t.deps, 'acme')).id
  admin = await loginAs(t, 'admin', tenant)
  operator = await loginAs(t, 'operator', tenant)
  const lines = ['name,host,api_port,username,password,enabled']
  for (let i = 0; i < 12; i++)
    lines.push(`fleet-${String(i).padStart(2, '0')},127.0.0.1,${port},admin,Old-${i},no`)
  for (let i = 0; i < 3; i++) lines.push(`other-${i},127.0.0.1,${port},admin,Other-${i},no`)
  const res = await admin.post('/devices/import', { csv: lines.join('\n') + '\n' })
  expect(res.status).toBe(303)
})
afterAll(() => t.close())

describe('device table selection', () => {
  it('offers select-all on the page and "all N matching" when the filter spans pages', async () => {
    const html = await (await operator.get('/devices?q=fleet&per_page=10')).text()
    expect(html).toContain('data-select-page')
    expect(html).toContain('aria-label="Select all on this page"')
    expect(visibleText(html)).toContain('all 12 devices matching this filter')
    expect(html).toContain('name="match_count" value="12"')
  })
})

describe('POST /devices/bulk to all devices matching a filter', () => {
  it('applies to every matching device, across pages, and none other', async () => {
    const res = await operator.post('/devices/bulk', {
      match: '/devices?q=fleet&per_page=10',
      match_count: '12',
      poll_interval_s: '600',
    })
    expect(res.status).toBe(303)
    expect(await flashAfter(operator)).toContain('Updated 12 devices')
    expect((await rowsNamed('fleet-')).every((r) => r.poll_interval_s === 600)).toBe(true)
    expect((await rowsNamed('other-')).every((r) => r.poll_interval_s === 60)).toBe(true)
  })

  it('refuses when the filter now matches a different number of devices, changing nothing', async () => {
    const res = await operator.post('/devices/bulk', {
      match: '/devices?q=fleet',
      match_count: '11',
      poll_interval_s: '900',
    })
    expect(res.status).toBe(303)
    expect(await flashAfter(operator)).toContain('The filter now matches 12 devices, not 11')
    expect((await rowsNamed('fleet-')).every((r) => r.poll_interval_s === 600)).toBe(true)
  })

  it('refuses a bulk edit without any change, with the reason', async () => {
    await operator.post('/devices/bulk', { match: '/devices?q=fleet', match_count: '12' })
    expect(await flashAfter(operator)).toContain('Choose at least one change to apply')
  })
})

describe('bulk credential change', () => {
  it('typed credentials are sealed for each device and replace the old ones', async () => {
    const res = await operator.post('/devices/bulk', {
      match: '/devices?q=other',
      match_count: '3',
      credential_profile_id: 'typed',
      username: 'ops',
      password: 'Bulk-Typed-9',
    })
    expect(res.status).toBe(303)
    for (const r of await rowsNamed('other-')) {
      expect(await openCredentials(t.deps, scope(), r)).toEqual({
        username: 'ops',
        password: 'Bulk-Typed-9',
      })
    }
    const audit = await auditRow(t.deps, (q) =>
      q.where('action', '=', 'device.bulk_update').orderBy('seq', 'desc'),
    )
    expect(audit.details_json).not.toContain('Bulk-Typed-9')
  })

  it('typed credentials need a user name', async () => {
    await operator.post('/devices/bulk', {
      match: '/devices?q=other',
      match_count: '3',
      credential_profile_id: 'typed',
    })
    expect(await flashAfter(operator)).toContain('Enter the user name')
  })

  it('a profile is for admins: an operator is refused, an admin links every device', async () => {
    await admin.post('/credential-profiles', {
      name: 'fleet-profile',
      username: 'fleet',
      password: 'Fleet-Pw-1',
    })
    const profile = await scope()
      .selectFrom('credential_profiles')
      .select('id')
      .executeTakeFirstOrThrow()
    const body = { match: '/devices?q=fleet', match_count: '12', credential_profile_id: profile.id }
    await operator.post('/devices/bulk', body)
    expect(await flashAfter(operator)).toContain(
      'Only an admin can give a device a credential profile',
    )
    const before = await rowsNamed('fleet-')
    expect((await openCredentials(t.deps, scope(), before[0]!)).password).toBe('Old-0')

    expect((await admin.post('/devices/bulk', body)).status).toBe(303)
    const links = await scope().selectFrom('device_credential_profiles').selectAll().execute()
    expect(links).toHaveLength(12)
    for (const r of await rowsNamed('fleet-'))
      expect(await openCredentials(t.deps, scope(), r)).toEqual({
        username: 'fleet',
        password: 'Fleet-Pw-1',
      })
    // one rotation reaches all twelve
    await admin.post(`/credential-profiles/${profile.id}`, {
      name: 'fleet-profile',
      username: 'fleet',
      password: 'Fleet-Pw-2',
    })
    for (const r of await rowsNamed('fleet-'))
      expect((await openCredentials(t.deps, scope(), r)).password).toBe('Fleet-Pw-2')
  })
})
