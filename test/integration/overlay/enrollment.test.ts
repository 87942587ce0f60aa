// Enrollment end to end without WireGuard on the host: a simulated RouterOS 7 router runs the
// onboarding script (pasted as a script, or imported as a file), its /tool fetch calls the
// one-time URL over real HTTP, and the appliance switches the device to its overlay address.
// Then every refusal: reused and expired URLs, another tenant's device, a malformed key, v6,
// and a script that fails halfway.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCredentials } from '../../../src/device-access/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { pasteScript, simWireguard } from '../../support/overlay-sim.ts'
import { createOverlayHarness, type OverlayHarness } from './overlay-harness.ts'

let h: OverlayHarness
beforeEach(async () => {
  h = await createOverlayHarness()
})
afterEach(() => h.close())

async function enroll(deviceId: string, agent = h.adminA) {
  const res = await agent.request('POST', `/api/v1/devices/${deviceId}/overlay/enroll`, {
    headers: { 'X-CSRF-Token': await agent.csrfToken() },
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const router = (name: string) => new SimRouter({ persona: 'chr-7.18', name })

describe('POST /api/v1/devices/:deviceId/overlay/enroll and the router calling its URL', () => {
  it('enrolls a simulated RouterOS 7 router that runs the pasted script', async () => {
    const id = await h.addDevice('remote-1')
    const made = await enroll(id)
    expect(made.status).toBe(201)
    const script = String(made.body.script)
    expect(String(made.body.enrollUrl)).toMatch(new RegExp(`^${h.url}/overlay/enroll/[\\w-]{43}$`))
    expect(made.body.expiresAt).toBe(h.deps.clock.now() + 86_400_000)
    // the token is stored only hashed
    const stored = await h.deps.kysely.selectFrom('overlay_enrollments').selectAll().execute()
    expect(JSON.stringify(stored)).not.toContain(String(made.body.enrollUrl).split('/').pop())

    const dev = router('remote-1')
    const fetched = await pasteScript(dev, script)
    expect(fetched.map((f) => f.status)).toEqual([200])
    const wg = simWireguard(dev)
    expect(wg?.address).toBe('100.127.1.1')
    expect(wg?.peer.endpoint).toBe('vpn.example.net:51820')
    expect(wg?.peer.allowedAddress).toBe('100.127.0.1/32')
    // the accept rule for the appliance is the first input rule
    const first = dev.tree.list('/ip/firewall/filter')[0]?.props
    expect(first).toMatchObject({
      action: 'accept',
      'src-address': '100.127.0.1',
      'dst-port': '1,22',
    })

    const view = (await (await h.adminA.get(`/api/v1/devices/${id}/overlay`)).json()) as Record<
      string,
      unknown
    >
    expect(view).toMatchObject({ address: '100.127.1.1', enrolled: true, publicKey: wg?.publicKey })
    expect(view.enrollment).toMatchObject({ state: 'used' })
    // management address switched, the old one kept as the LAN path; credentials still open
    const row = await h.device(id)
    expect(row).toMatchObject({ host: '100.127.1.1', host2: '127.0.0.1' })
    const scope = forTenant(h.deps.kysely, h.tenantA)
    const full = await scope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', id as DeviceId)
      .executeTakeFirstOrThrow()
    await expect(openCredentials(h.deps, scope, full)).resolves.toEqual({
      username: 'admin',
      password: 'pw-remote-1',
    })
    const audits = await h.audit('overlay.enroll')
    expect(audits.map((a) => a.outcome)).toEqual(['success'])
  })

  it('runs the same script saved as a file and imported', async () => {
    const id = await h.addDevice('remote-imp')
    const dev = router('remote-imp')
    const fetched = await pasteScript(dev, String((await enroll(id)).body.script), 'import')
    expect(fetched.map((f) => f.status)).toEqual([200])
    expect((await h.device(id)).host).toBe('100.127.1.1')
  })

  it('refuses a reused URL, and audits it', async () => {
    const id = await h.addDevice('remote-2')
    const { script } = (await enroll(id)).body
    const firstRouter = router('remote-2')
    const secondRouter = router('remote-2b')
    await pasteScript(firstRouter, String(script))
    const again = await pasteScript(secondRouter, String(script))
    expect(again[0]).toMatchObject({ status: 409 })
    expect(again[0]?.body).toMatch(/already used/)
    // the second router's key did not replace the first
    const view = (await (await h.adminA.get(`/api/v1/devices/${id}/overlay`)).json()) as {
      publicKey: string
    }
    expect(view.publicKey).toBe(simWireguard(firstRouter)?.publicKey)
    expect(view.publicKey).not.toBe(simWireguard(secondRouter)?.publicKey)
    const failures = (await h.audit('overlay.enroll')).filter((a) => a.outcome === 'failure')
    expect(failures).toHaveLength(1)
    expect(JSON.parse(failures[0]?.details_json ?? '{}')).toMatchObject({ reason: 'token_used' })
    expect(failures[0]?.tenant_id).toBe(h.tenantA)
  })

  it('refuses an expired URL and changes nothing', async () => {
    const id = await h.addDevice('remote-3')
    const { script } = (await enroll(id)).body
    h.deps.clock.advance(86_400_000 + 1000)
    const res = await pasteScript(router('remote-3'), String(script))
    expect(res[0]).toMatchObject({ status: 409 })
    expect(res[0]?.body).toMatch(/expired/)
    expect((await h.device(id)).host).toBe('127.0.0.1')
    const view = (await (await h.adminA.get(`/api/v1/devices/${id}/overlay`)).json()) as Record<
      string,
      unknown
    >
    expect(view).toMatchObject({ enrolled: false, enrollment: { state: 'expired' } })
    const failures = (await h.audit('overlay.enroll')).filter((a) => a.outcome === 'failure')
    expect(JSON.parse(failures[0]?.details_json ?? '{}')).toMatchObject({ reason: 'token_expired' })
  })

  it("returns 404 for another tenant's device, on the page and the API, and audits it", async () => {
    const id = await h.addDevice('remote-4')
    expect((await enroll(id, h.adminB)).status).toBe(404)
    const page = await h.adminB.request('POST', `/devices/${id}/overlay/enroll`, { form: {} })
    expect(page.status).toBe(404)
    expect(await h.deps.kysely.selectFrom('overlay_enrollments').selectAll().execute()).toEqual([])
    const refused = (await h.audit('overlay.enrollment_create')).filter(
      (a) => a.outcome === 'failure',
    )
    expect(refused.map((a) => a.tenant_id)).toEqual([h.tenantB, h.tenantB])
  })

  it('refuses a malformed public key clearly; the URL stays usable', async () => {
    const id = await h.addDevice('remote-5')
    const url = String((await enroll(id)).body.enrollUrl)
    for (const bad of [
      '',
      'not-a-key',
      'A'.repeat(43) + '=',
      '{"publicKey":"' + 'B'.repeat(44) + '"}',
    ]) {
      const res = await fetch(url, {
        method: 'POST',
        body: bad,
        headers: { 'Content-Type': 'application/json' },
      })
      expect(res.status).toBe(422)
      expect(await res.text()).toMatch(/Not a WireGuard public key/)
    }
    expect((await h.device(id)).host).toBe('127.0.0.1')
    const reasons = (await h.audit('overlay.enroll')).map((a) => JSON.parse(a.details_json).reason)
    expect(reasons).toEqual([
      'bad_public_key',
      'bad_public_key',
      'bad_public_key',
      'bad_public_key',
    ])
    const ok = await pasteScript(router('remote-5'), String((await enroll(id)).body.script))
    expect(ok[0]?.status).toBe(200)
    // the second enrollment superseded the first URL
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ publicKey: 'q3J2bZ0rY7pS3fXhZ1u2XrG8nq2o3sM8rGp6o0d7a1E=' }),
      headers: { 'Content-Type': 'application/json' },
    })
    expect(res.status).toBe(409)
  })

  it('changes nothing when the script fails halfway, and the same script works once fixed', async () => {
    const id = await h.addDevice('remote-6')
    const { script } = (await enroll(id)).body
    const dev = router('remote-6')
    // a bridge already called outpost-overlay: `/interface wireguard add` fails mid-script
    dev.tree.add('/interface/bridge', { name: 'outpost-overlay' })
    expect(await pasteScript(dev, String(script))).toEqual([])
    expect(dev.logEntries.some((l) => /script error/.test(l.message))).toBe(true)
    expect((await h.device(id)).host).toBe('127.0.0.1')
    const view = (await (await h.adminA.get(`/api/v1/devices/${id}/overlay`)).json()) as Record<
      string,
      unknown
    >
    expect(view).toMatchObject({ enrolled: false, enrollment: { state: 'pending' } })
    const bridge = dev.tree
      .list('/interface/bridge')
      .find((b) => b.props.name === 'outpost-overlay')
    dev.tree.remove('/interface/bridge', bridge?.id ?? '')
    expect((await pasteScript(dev, String(script))).map((f) => f.status)).toEqual([200])
    expect((await h.device(id)).host).toBe('100.127.1.1')
  })

  it('says RouterOS 6 has no WireGuard and offers the LAN path', async () => {
    const id = await h.addDevice('old-6')
    await forTenant(h.deps.kysely, h.tenantA)
      .updateTable('devices')
      .set({ version: '6.49.10 (long-term)' })
      .where('id', '=', id as DeviceId)
      .execute()
    const res = await enroll(id)
    expect(res.status).toBe(409)
    expect(JSON.stringify(res.body)).toMatch(/has no WireGuard.*LAN path/)
    const page = await (await h.adminA.get(`/devices/${id}/overlay`)).text()
    expect(page).toMatch(/has no WireGuard/)
    expect(page).not.toContain('Create enrollment script')
  })

  it('gives devices of different tenants addresses in different blocks; operators cannot enroll', async () => {
    const a1 = await h.addDevice('a1')
    const a2 = await h.addDevice('a2')
    const b1 = await h.addDevice('b1', h.adminB)
    expect((await enroll(a1, h.operatorA)).status).toBe(403)
    for (const [id, agent] of [
      [a1, h.adminA],
      [a2, h.adminA],
      [b1, h.adminB],
    ] as const)
      expect((await enroll(id, agent)).status).toBe(201)
    const addr = async (id: string, agent = h.adminA) =>
      ((await (await agent.get(`/api/v1/devices/${id}/overlay`)).json()) as { address: string })
        .address
    expect([await addr(a1), await addr(a2), await addr(b1, h.adminB)]).toEqual([
      '100.127.1.1',
      '100.127.1.2',
      '100.127.2.1',
    ])
    const info = (await (await h.adminB.get('/api/v1/overlay')).json()) as Record<string, unknown>
    expect(info).toMatchObject({
      tenantBlocks: ['100.127.2.0/24'],
      applianceAddress: '100.127.0.1',
    })
  })
})
