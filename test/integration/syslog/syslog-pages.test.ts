import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { loginAs } from '../../support/login.ts'
import { createSyslogHarness, type SyslogHarness } from './syslog-harness.ts'

let h: SyslogHarness
let dev: string
beforeEach(async () => {
  h = await createSyslogHarness()
  dev = await h.addDevice('edge-9', '127.0.0.81', '127.0.0.82')
  await h.udp('127.0.0.81', [
    '<30>system,info,account user admin logged in from 10.0.0.5 via winbox',
    '<27>system,error login failure for user root from 10.0.0.9 via ssh',
    '<28>interface,warning ether1 link down',
    '<31>dhcp,debug lease offered to 10.0.0.77',
  ])
  await h.settle(4)
})
afterEach(() => h.close())

describe('GET /api/v1/devices/:deviceId/logs', () => {
  it('searches with FTS, filters by severity and pages newest first', async () => {
    const a = await loginAs(h.t, 'viewer', h.tenantId)
    const all = (await (await a.request('GET', `/api/v1/devices/${dev}/logs`)).json()) as {
      lines: { message: string; severity: string }[]
      next: string | null
    }
    expect(all.lines.map((l) => l.message)).toEqual([
      'lease offered to 10.0.0.77',
      'ether1 link down',
      'login failure for user root from 10.0.0.9 via ssh',
      'user admin logged in from 10.0.0.5 via winbox',
    ])
    const login = (await (
      await a.request('GET', `/api/v1/devices/${dev}/logs?q=login`)
    ).json()) as { lines: { message: string }[] }
    expect(login.lines.map((l) => l.message)).toEqual([
      'login failure for user root from 10.0.0.9 via ssh',
    ])
    const ip = (await (
      await a.request('GET', `/api/v1/devices/${dev}/logs?q=10.0.0.5`)
    ).json()) as { lines: { message: string }[] }
    expect(ip.lines).toHaveLength(1)
    const prefix = (await (
      await a.request('GET', `/api/v1/devices/${dev}/logs?q=leas*`)
    ).json()) as { lines: unknown[] }
    expect(prefix.lines).toHaveLength(1)
    const bad = (await (
      await a.request('GET', `/api/v1/devices/${dev}/logs?severity=warning`)
    ).json()) as { lines: { severity: string }[] }
    expect(bad.lines.map((l) => l.severity)).toEqual(['warning', 'error'])
    const p1 = (await (await a.request('GET', `/api/v1/devices/${dev}/logs?limit=3`)).json()) as {
      lines: unknown[]
      next: string
    }
    const p2 = (await (
      await a.request('GET', `/api/v1/devices/${dev}/logs?limit=3&before=${p1.next}`)
    ).json()) as { lines: { message: string }[]; next: null }
    expect([p1.lines.length, p2.lines.map((l) => l.message), p2.next]).toEqual([
      3,
      ['user admin logged in from 10.0.0.5 via winbox'],
      null,
    ])
    const future = (await (
      await a.request('GET', `/api/v1/devices/${dev}/logs?from=2099-01-01T00:00`)
    ).json()) as { lines: unknown[] }
    expect(future.lines).toEqual([])
  })
  it('rejects bad filters with field messages and treats FTS syntax as plain words', async () => {
    const a = await loginAs(h.t, 'viewer', h.tenantId)
    const r = await a.request('GET', `/api/v1/devices/${dev}/logs?severity=loud&before=x`)
    expect(r.status).toBe(422)
    expect(
      ((await r.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toMatchObject({ severity: expect.any(String), before: 'Not a page cursor.' })
    const odd = await a.request(
      'GET',
      `/api/v1/devices/${dev}/logs?q=${encodeURIComponent('"link" OR NEAR(')}`,
    )
    expect(odd.status).toBe(200)
  })
  it("is a 404 for another tenant's device", async () => {
    const other = newId<TenantId>()
    await h.deps.db
      .insertInto('tenants')
      .values({ id: other, name: `other-${other}`, created_at: 1 })
      .execute()
    const a = await loginAs(h.t, 'admin', other)
    expect((await a.request('GET', `/api/v1/devices/${dev}/logs`)).status).toBe(404)
    expect((await a.request('GET', `/devices/${dev}/logs`)).status).toBe(404)
    void forTenant
  })
})

describe('device Logs tab', () => {
  it('shows the lines, the setup commands and the retention; operators change the caps', async () => {
    const a = await loginAs(h.t, 'operator', h.tenantId)
    const page = await (await a.request('GET', `/devices/${dev}/logs?q=link`)).text()
    expect(page).toContain('ether1 link down')
    expect(page).not.toContain('lease offered')
    expect(page).toContain(`data-log-tail="/devices/${dev}/logs/stream"`)
    const setup = await (
      await a.request('GET', `/devices/${dev}/logs/setup`, { htmx: true })
    ).text()
    expect(setup).toContain(
      `/system logging action add name=outpost target=remote remote=localhost remote-port=${h.port} src-address=127.0.0.81 syslog-facility=local0 remote-log-format=syslog remote-protocol=tcp`,
    )
    expect(setup).toContain('/system logging add topics=error action=outpost')
    const saved = await a.request('POST', `/devices/${dev}/logs/retention`, {
      form: { maxLines: '500', maxDays: '3' },
    })
    expect(saved.status).toBe(303)
    expect(await (await a.request('GET', `/devices/${dev}/logs`)).text()).toContain(
      'Keeps the newest 500 lines, for at most 3 days (set for this device)',
    )
    expect(
      (
        await a.request('POST', `/devices/${dev}/logs/retention`, {
          form: { maxLines: '5', maxDays: '3' },
        })
      ).status,
    ).toBe(422)
  })
  it('streams new lines live over SSE', async () => {
    const a = await loginAs(h.t, 'viewer', h.tenantId)
    const res = await a.request('GET', `/devices/${dev}/logs/stream`)
    expect(res.headers.get('Content-Type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    let text = ''
    const dec = new TextDecoder()
    text += dec.decode((await reader.read()).value)
    expect(text).toContain('event: hello')
    await h.udp('127.0.0.82', ['<28>system,warning fan speed low'])
    while (!text.includes('fan speed low')) text += dec.decode((await reader.read()).value)
    expect(text).toContain('event: lines')
    await reader.cancel()
  })
  it('shows super admins the receiver counters and unknown senders', async () => {
    await h.udp('127.0.0.99', ['<13>who am i'])
    await h.settle(5)
    const sa = await loginAs(h.t, 'super_admin')
    const page = await (await sa.request('GET', '/syslog')).text()
    expect(page).toContain('127.0.0.99')
    expect(page).toContain('who am i')
    const admin = await loginAs(h.t, 'admin', h.tenantId)
    expect([403, 404]).toContain((await admin.request('GET', '/syslog')).status)
  })
})
