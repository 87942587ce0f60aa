// MNDP announcements from the simulator (bound to loopback addresses, sent to the listener on
// 127.0.0.1) and neighbour tables of managed routers feeding the adoption queue; forged and
// truncated packets are refused, and a sighting shows only for the tenant whose range holds it.
import { createSocket } from 'node:dgram'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMndpListener, type MndpListener } from '../../../src/discovery/mndp-listener.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice, deviceCreateSchema } from '../../../src/devices/index.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { encodeMndp, mndpInfo, startMndpAnnouncer } from '../../../src/sim/mndp.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let a: TestAgent
let b: TestAgent
let tenantA: string
let listener: MndpListener

interface Candidate {
  id: string
  address: string | null
  mac: string | null
  identity: string | null
  board: string | null
  sources: string[]
  reportedBy: string | null
}

const candidates = async (agent: TestAgent) => {
  const res = await agent.get('/api/v1/discovery/candidates')
  expect(res.status).toBe(200)
  return ((await res.json()) as { candidates: Candidate[] }).candidates
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20))
  expect(cond()).toBe(true)
}

function send(pkt: Buffer, from: string): Promise<void> {
  const sock = createSocket('udp4')
  return new Promise((resolve) =>
    sock.bind(0, from, () =>
      sock.send(pkt, listener.port, '127.0.0.1', () => sock.close(() => resolve())),
    ),
  )
}

beforeAll(async () => {
  t = await createTestApp({ env: { OUTPOST_DISCOVERY_RATE: '2000' } })
  tenantA = (await makeTenant(t.deps, 'Tenant Alpha')).id
  const tenantB = (await makeTenant(t.deps, 'Tenant Bravo')).id
  a = await loginAs(t, 'admin', tenantA as never)
  b = await loginAs(t, 'admin', tenantB as never)
  // A's range: a scan of a port nothing listens on claims 127.20.3.0/28 for tenant A
  const res = await a.request('POST', '/api/v1/discovery/scans', {
    json: { cidr: '127.20.3.0/28', ports: [9] },
  })
  expect(res.status).toBe(202)
  listener = await startMndpListener({
    host: '127.0.0.1',
    port: 0,
    db: t.deps.db,
    log: t.deps.log,
    now: () => t.deps.clock.now(),
  })
})

afterAll(async () => {
  await listener.stop()
  await t.close()
})

describe('MNDP listener', () => {
  it("puts an announcement from the tenant's range in that tenant's queue only", async () => {
    const inside = new SimRouter({ persona: 'rb5009-7.15', name: 'mndp-inside' })
    const outside = new SimRouter({ persona: 'hap-ac-6.49', name: 'mndp-outside' })
    const ann = [
      startMndpAnnouncer(() => [inside], {
        bindAddress: '127.20.3.7',
        port: listener.port,
        ipv4: () => '127.20.3.7',
      }),
      startMndpAnnouncer(() => [outside], { bindAddress: '127.20.4.9', port: listener.port }),
    ]
    await until(() => listener.stats().stored >= 2)
    await Promise.all(ann.map((x) => x.stop()))
    const mine = await candidates(a)
    const hit = mine.find((c) => c.address === '127.20.3.7')
    expect(hit).toMatchObject({
      identity: 'mndp-inside',
      mac: mndpInfo(inside).mac,
      board: inside.persona.board,
      sources: ['mndp'],
    })
    expect(mine.some((c) => c.address === '127.20.4.9')).toBe(false)
    expect(await candidates(b)).toEqual([])
  })

  it('refuses truncated and forged packets, and trusts the sender, not the claimed address', async () => {
    const dev = new SimRouter({ persona: 'rb5009-7.15', name: 'forger' })
    const good = encodeMndp(mndpInfo(dev, '127.20.3.9'))
    const before = listener.stats()
    await send(good.subarray(0, good.length - 2), '127.20.3.9')
    const dup = Buffer.concat([good, good.subarray(4, 4 + 10)])
    await send(dup, '127.20.3.9')
    await send(Buffer.alloc(4), '127.20.3.9')
    // well formed, claims an address in A's range, but is sent from outside it
    await send(encodeMndp(mndpInfo(dev, '127.20.3.10')), '127.20.4.10')
    await until(() => listener.stats().received >= before.received + 4)
    const after = listener.stats()
    expect(after.rejected - before.rejected).toBe(3)
    const mine = await candidates(a)
    expect(mine.some((c) => c.address === '127.20.3.9' || c.address === '127.20.3.10')).toBe(false)
    expect(mine.some((c) => c.identity === 'forger')).toBe(false)
  })
})

describe('neighbours of managed routers', () => {
  it('queues unmanaged neighbours and leaves out managed, unreachable and garbled ones', async () => {
    const scope = forTenant(t.deps.kysely, tenantA as never)
    const actor = { kind: 'user' as const, id: 'x', name: 'test', ip: null }
    const input = deviceCreateSchema.parse({
      name: 'core-1',
      host: '127.20.3.1',
      api_port: '1',
      username: 'admin',
      password: '',
      is_enabled: 'false',
    })
    const r = await addDevice({ deps: t.deps, scope, actor }, input, {
      check: false,
      saveAnyway: false,
    })
    if (!r.ok) throw new Error('device')
    const neighbours = [
      {
        address: '127.20.8.8',
        macAddress: '74:4D:28:00:00:08',
        identity: 'nb-unknown',
        platform: 'MikroTik',
        interfaces: ['ether1'],
        discoveredBy: ['mndp'],
      },
      { address: 'not-an-address', identity: 'garbage' },
      { address: '127.20.3.1', identity: 'core-1 itself' },
      { macAddress: '74:4d:28:00:00:09', identity: '\u001b[31mevil', interfaces: ['ether2'] },
      'not an object',
    ]
    await scope
      .insertInto('device_snapshots', {
        device_id: r.device.id as never,
        kind: 'neighbours',
        data_json: JSON.stringify(neighbours),
        updated_at: t.deps.clock.now(),
      })
      .execute()
    const list = await candidates(a)
    expect(list.find((c) => c.address === '127.20.8.8')).toMatchObject({
      identity: 'nb-unknown',
      sources: ['neighbour'],
      reportedBy: 'core-1',
    })
    const macOnly = list.find((c) => c.mac === '74:4D:28:00:00:09')
    expect(macOnly).toMatchObject({ address: null, identity: null })
    expect(list.some((c) => c.identity === 'garbage' || c.identity === 'core-1 itself')).toBe(false)
    expect(await candidates(b)).toEqual([])
    const adopt = await a.request('POST', `/api/v1/discovery/candidates/${macOnly?.id}/adopt`, {
      json: { username: 'admin', password: '' },
    })
    expect(await adopt.json()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No IPv4 address/),
    })
  })
})
