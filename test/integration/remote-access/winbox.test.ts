// WinBox forwards over real loopback sockets: the API opens a forward for the caller's address
// (127.0.0.1), a connection from there reaches the device's WinBox port (the simulator's
// stand-in), one from another source address (127.0.0.2) is cut off and audited, DELETE closes
// it, and a forward without traffic closes by itself after the idle time.
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../../src/api-keys/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { UserId } from '../../../src/lib/ids.ts'
import { WINBOX_BANNER } from '../../../src/sim/winbox.ts'
import { startRemoteHarness, type RemoteHarness } from './remote-harness.ts'
import { auditRows } from '../../support/audit.ts'

function dial(
  port: number,
  localAddress: string,
): Promise<{ s: Socket; data: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress })
    let data = ''
    s.on('data', (d) => (data += d.toString()))
    const closed = new Promise<void>((r) => s.on('close', () => r()))
    s.once('connect', () => resolve({ s, data: () => data, closed }))
    s.once('error', reject)
  })
}

async function until(ok: () => boolean | Promise<boolean>, what: string, ms = 5000) {
  const end = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function apiKeyOf(h: RemoteHarness): Promise<string> {
  const { userId } = await h.signIn('operator')
  const actor = {
    kind: 'user' as const,
    id: userId,
    name: 'op',
    userId: userId as UserId,
    ip: null,
  }
  const scope = forTenant(h.outpost.deps.kysely, h.tenantId)
  const created = await createApiKey(h.outpost.deps, actor, scope, { name: 'wb', role: 'operator' })
  return created.token
}

describe('WinBox forward', () => {
  let h: RemoteHarness
  let key: string
  beforeAll(async () => {
    h = await startRemoteHarness()
    key = await apiKeyOf(h)
  }, 30_000)
  afterAll(() => h?.close())

  const api = (method: string) =>
    fetch(`${h.outpost.url}/api/v1/devices/${h.deviceId}/winbox`, {
      method,
      headers: { Authorization: `Bearer ${key}` },
    })

  it('forwards the caller’s address to the device and refuses any other, audited', async () => {
    const res = await api('POST')
    expect(res.status, await res.clone().text()).toBe(201)
    const body = (await res.json()) as { host: string; port: number; expiresAt: string }
    expect(body.host).toBe('127.0.0.1')
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 9 * 60_000)
    // the same caller asking again gets the same forward
    expect(((await (await api('POST')).json()) as { port: number }).port).toBe(body.port)

    const ok = await dial(body.port, '127.0.0.1')
    await until(() => ok.data().includes(WINBOX_BANNER), 'the banner')
    ok.s.write('hello winbox\n')
    await until(() => ok.data().includes('hello winbox'), 'the echo')

    const stranger = await dial(body.port, '127.0.0.2')
    await stranger.closed
    expect(stranger.data()).toBe('')
    expect(h.winbox.peers.length).toBe(1)
    const refused = await auditRows(h.outpost.deps, (q) => q.where('action', '=', 'winbox.refused'))
    expect(refused.map((r) => JSON.parse(r.details_json))).toEqual([
      { port: body.port, from: '127.0.0.2', allowedAddress: '127.0.0.1' },
    ])

    expect((await api('DELETE')).status).toBe(204)
    await ok.closed
    await expect(dial(body.port, '127.0.0.1')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect((await api('DELETE')).status).toBe(204) // idempotent
    const actions = await auditRows(h.outpost.deps, (q) =>
      q.where('action', 'like', 'winbox.%').orderBy('seq'),
    )
    expect(actions.map((a) => a.action)).toEqual(['winbox.open', 'winbox.refused', 'winbox.close'])
    expect(JSON.parse(actions[2]!.details_json)).toMatchObject({ reason: 'closed by the user' })
    expect(JSON.parse(actions[2]!.details_json).bytes).toBeGreaterThan(20)
  }, 20_000)
})

describe('WinBox idle timeout', () => {
  let h: RemoteHarness
  beforeAll(async () => {
    h = await startRemoteHarness({ OUTPOST_WINBOX_IDLE_S: '1' })
  }, 30_000)
  afterAll(() => h?.close())

  it('closes a forward after the idle time without traffic', async () => {
    const key = await apiKeyOf(h)
    const res = await fetch(`${h.outpost.url}/api/v1/devices/${h.deviceId}/winbox`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}` },
    })
    const { port } = (await res.json()) as { port: number }
    await until(
      async () =>
        (await auditRows(h.outpost.deps, (q) => q.where('action', '=', 'winbox.close'))).length ===
        1,
      'winbox.close',
    )
    await expect(dial(port, '127.0.0.1')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  }, 20_000)
})
