// Edge appliances end to end (issue 20): a central and an edge Outpost, each with its own SQLite
// file and real listeners on loopback, the edge polling a simulated router. Registration with a
// pinned certificate, forwarding, the link going down (buffering) and coming back (in-order
// replay, nothing lost or duplicated), refused tokens and foreign data, and a change made
// centrally applied by the edge through its change pipeline (and a preview validated there).
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { previewChange, startChange } from '../../../src/changes/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { centralRequest } from '../../../src/edge/edge-http.ts'
import {
  centralIdentity,
  createEdgeRegistration,
  registerWithCentral,
  revokeEdge,
} from '../../../src/edge/index.ts'
import { newId as ulid } from '../../../src/lib/ids.ts'
import type { RunningOutpost } from '../../../src/startup.ts'
import { freeStablePort } from '../../support/free-port.ts'
import {
  addDevice,
  makeTenant,
  removeDirs,
  startCentral,
  startEdge,
  startSim,
  tmp,
  waitFor,
  type Sim,
} from './edge-support.ts'
import { auditRows } from '../../support/audit.ts'

const admin = { kind: 'user' as const, id: 'u-admin', name: 'admin', ip: null }

let central: RunningOutpost
let edge: RunningOutpost
let sim: Sim
let centralDir: string
let httpsPort: number
let centralScope: TenantScope
let edgeScope: TenantScope
let deviceId: DeviceId
let edgeId: string
let target: { url: string; fingerprint: string }

beforeAll(async () => {
  centralDir = tmp()
  httpsPort = await freeStablePort()
  central = await startCentral(centralDir, httpsPort)
  edge = await startEdge(tmp())
  centralScope = await makeTenant(central, 'MSP customer')
  edgeScope = await makeTenant(edge, 'site')
  sim = await startSim('edge-r1')
  deviceId = await addDevice(edge, edgeScope, sim)
  target = { url: central.https!.url, fingerprint: central.https!.tls().fingerprint }
}, 60_000)

afterAll(async () => {
  await edge?.stop()
  await central?.stop()
  await sim?.server.close()
  removeDirs()
})

const centralDevice = () =>
  centralScope.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst()
const outboxCount = async () =>
  Number(
    (
      await edgeScope
        .selectFrom('edge_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  )
const events = (s: TenantScope) =>
  s
    .selectFrom('device_events')
    .select(['kind', 'at', 'message'])
    .where('device_id', '=', deviceId)
    .orderBy('at')
    .orderBy('kind')
    .execute()
const audits = (o: RunningOutpost, action: string) =>
  auditRows(o.deps, (q) => q.where('action', '=', action).orderBy('seq'))

function raw(
  path: string,
  body: string,
  bearer: string | null,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${target.url}${path}`,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += String(c)))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('edge appliance linked to a central Outpost', () => {
  let token: string

  it('registers with a one-time token over HTTPS with the central certificate pinned', async () => {
    const reg = await createEdgeRegistration(
      central.deps,
      admin,
      centralScope,
      'Warehouse',
      centralIdentity(central.deps.config, `https://127.0.0.1:${httpsPort}/`),
    )
    token = reg.token
    expect(reg.fingerprint).toBe(target.fingerprint)
    expect(reg.command).toContain(`edge:register https://127.0.0.1:${httpsPort} opr_`)
    const stored = await centralScope.selectFrom('edges').selectAll().executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token)
    expect(JSON.stringify(stored)).not.toContain(token)
    edgeId = stored.id
    const wrongPin = registerWithCentral(
      edge.deps,
      edgeScope,
      { centralUrl: target.url, token, fingerprint: 'AA:'.repeat(31) + 'AA' },
      'test',
    )
    await expect(wrongPin).rejects.toThrow(/does not match the pinned/)
    const link = await registerWithCentral(
      edge.deps,
      edgeScope,
      { centralUrl: target.url, token, fingerprint: target.fingerprint },
      'test',
    )
    expect(link.pinned).toBe(true)
    const sealed = await edgeScope
      .selectFrom('edge_links')
      .select('secret_sealed')
      .executeTakeFirstOrThrow()
    expect(sealed.secret_sealed).not.toMatch(/ope_/)
  })

  it('refuses the same token a second time, and audits it', async () => {
    const again = centralRequest(target, 'POST', '/api/v1/edge/register', null, {
      token,
      version: null,
    })
    await expect(again).rejects.toMatchObject({ status: 401 })
    const refused = await audits(central, 'edge.register')
    expect(
      refused
        .filter((a) => a.outcome === 'failure')
        .map((a) => a.details_json)
        .join(),
    ).toContain('already used')
  })

  it('shows the edge device centrally, online with its state, and the central poller leaves it alone', async () => {
    const d = await waitFor('the device online centrally', async () => {
      const row = await centralDevice()
      return row?.last_status === 'online' && row.identity !== null ? row : undefined
    })
    expect(d.edge_id).toBe(edgeId)
    expect(d.identity).toBe('edge-r1')
    const snap = await centralScope
      .selectFrom('device_snapshots')
      .select('kind')
      .where('device_id', '=', deviceId)
      .execute()
    expect(snap.length).toBeGreaterThan(0)
    // the central would log in with empty credentials and mark it auth_failed if it polled it
    await new Promise((r) => setTimeout(r, 2500))
    expect((await centralDevice())?.last_status).toBe('online')
    const e = await centralScope
      .selectFrom('edges')
      .selectAll()
      .where('id', '=', edgeId)
      .executeTakeFirstOrThrow()
    expect(e.last_seq).toBeGreaterThan(0)
    expect(e.last_contact_at).not.toBeNull()
  })

  it('buffers while the central is down and replays in order when it returns, nothing lost or duplicated', async () => {
    await waitFor('an empty outbox', async () => (await outboxCount()) === 0)
    await central.stop()
    sim.router.reboot(2500) // events while the link is down: offline, then back with a reboot
    await waitFor(
      'buffered polls and the reboot',
      async () => {
        const ev = await events(edgeScope)
        return (await outboxCount()) >= 8 && ev.some((x) => x.kind === 'rebooted')
      },
      40_000,
    )
    const link = await edgeScope.selectFrom('edge_links').selectAll().executeTakeFirstOrThrow()
    expect(link.last_error).toMatch(/cannot reach the central/)
    central = await startCentral(centralDir, httpsPort)
    centralScope = forTenant(central.deps.kysely, centralScope.tenantId)
    await waitFor('the replay', async () => (await outboxCount()) === 0, 40_000)
    const edgeEvents = await events(edgeScope)
    await waitFor(
      'the events centrally',
      async () => (await events(centralScope)).length === edgeEvents.length,
    )
    expect(await events(centralScope)).toEqual(edgeEvents)
    expect(edgeEvents.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['went_offline', 'came_online', 'rebooted']),
    )
    const after = await edgeScope.selectFrom('edge_links').selectAll().executeTakeFirstOrThrow()
    const e = await centralScope
      .selectFrom('edges')
      .selectAll()
      .where('id', '=', edgeId)
      .executeTakeFirstOrThrow()
    expect(e.last_seq).toBe(after.acked_seq)
    expect(after.last_error).toBeNull()
  }, 120_000)

  it('ignores a replay of an already applied batch', async () => {
    const { openLink } = await import('../../../src/edge/edge-link.service.ts')
    const link = (await openLink(edge.deps, edgeScope))!
    const before = await events(centralScope)
    const entry = {
      seq: 1,
      kind: 'poll',
      deviceId,
      at: Date.now(),
      payload: {
        device: { name: 'x', host: '127.0.0.1' },
        patch: { last_status: 'offline', last_error: 'replayed', last_polled_at: 1 },
        events: [{ kind: 'went_offline', message: 'replayed' }],
        points: [],
        snapshots: [],
      },
    }
    const r = await centralRequest(target, 'POST', '/api/v1/edge/batches', link.secret, {
      entries: [entry],
      backlog: 0,
      version: null,
    })
    expect(r).toMatchObject({ applied: 0, ignored: 1 })
    expect(await events(centralScope)).toEqual(before)
    expect((await centralDevice())?.last_error).not.toBe('replayed')
  })

  it('refuses another tenant’s device and ignores a tenant id in the payload', async () => {
    const { openLink } = await import('../../../src/edge/edge-link.service.ts')
    const link = (await openLink(edge.deps, edgeScope))!
    const other = await makeTenant(central, 'other customer')
    const otherSim = await startSim('foreign')
    const foreignId = await addDevice(central, other, otherSim)
    await otherSim.server.close()
    const e = await centralScope
      .selectFrom('edges')
      .select('last_seq')
      .where('id', '=', edgeId)
      .executeTakeFirstOrThrow()
    const entry = (seq: number, id: string) => ({
      seq,
      kind: 'poll',
      deviceId: id,
      tenantId: other.tenantId,
      at: Date.now(),
      payload: {
        tenantId: other.tenantId,
        device: { name: 'hijack', host: '10.0.0.1' },
        patch: { last_status: 'offline', last_error: 'hijacked', last_polled_at: 1 },
        events: [],
        points: [],
        snapshots: [],
      },
    })
    const refused = centralRequest(target, 'POST', '/api/v1/edge/batches', link.secret, {
      entries: [entry(e.last_seq + 1, foreignId)],
      backlog: 0,
      version: null,
    })
    await expect(refused).rejects.toMatchObject({ status: 403 })
    const foreign = await other
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', foreignId)
      .executeTakeFirstOrThrow()
    expect(foreign.last_error).toBeNull()
    expect(foreign.name).toBe('foreign')
    expect((await audits(central, 'edge.batch_refused')).length).toBe(1)
    // a new device id lands in the edge's own tenant whatever tenant id the payload names
    const newId = ulid()
    const r = await centralRequest(target, 'POST', '/api/v1/edge/batches', link.secret, {
      entries: [entry(e.last_seq + 1, newId)],
      backlog: 0,
      version: null,
    })
    expect(r).toMatchObject({ applied: 1 })
    expect(
      await other
        .selectFrom('devices')
        .select('id')
        .where('id', '=', newId as DeviceId)
        .executeTakeFirst(),
    ).toBeUndefined()
    const mine = await centralScope
      .selectFrom('devices')
      .select(['edge_id'])
      .where('id', '=', newId as DeviceId)
      .executeTakeFirstOrThrow()
    expect(mine.edge_id).toBe(edgeId)
    // keep the edge's own sequence ahead of what we injected
    await centralScope
      .updateTable('edges')
      .set({ last_seq: e.last_seq })
      .where('id', '=', edgeId)
      .execute()
  })

  it('answers broken JSON with 400, an oversized batch with 422, and no credential with 401', async () => {
    const { openLink } = await import('../../../src/edge/edge-link.service.ts')
    const link = (await openLink(edge.deps, edgeScope))!
    const bad = await raw('/api/v1/edge/batches', '{"entries": [', link.secret)
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.json)).toMatch(/not valid JSON/)
    const many = JSON.stringify({
      entries: Array.from({ length: 2001 }, (_, i) => ({ seq: i + 1 })),
      backlog: 0,
      version: null,
    })
    const big = await raw('/api/v1/edge/batches', many, link.secret)
    expect(big.status).toBe(422)
    expect(JSON.stringify(big.json)).toMatch(/at most 2000 entries/)
    const anon = await raw('/api/v1/edge/batches', '{}', null)
    expect(anon.status).toBe(401)
  })

  it('applies a change made centrally through the edge change pipeline and reports the outcome', async () => {
    const ctx = { deps: central.deps, scope: centralScope }
    const input = {
      operations: [
        { op: 'set' as const, path: '/system/identity', values: { name: 'renamed-centrally' } },
      ],
      mode: 'standard' as const,
      confirm: 'auto' as const,
    }
    const { done } = await startChange(ctx, deviceId, input, admin, { source: 'api' })
    const rec = await done
    expect(rec.state).toBe('kept')
    expect(rec.message).toMatch(/edge appliance/)
    expect(sim.router.identity).toBe('renamed-centrally')
    const atEdge = await edgeScope
      .selectFrom('device_changes')
      .selectAll()
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow()
    expect(atEdge.source).toBe('central')
    expect(atEdge.state).toBe('kept')
    const q = await centralScope.selectFrom('edge_changes').selectAll().executeTakeFirstOrThrow()
    expect(q.request_json).toBe('{}')
    await waitFor(
      'the new identity centrally',
      async () => (await centralDevice())?.identity === 'renamed-centrally',
    )
  }, 60_000)

  it('forwards a preview to the edge, which validates it against the device and applies nothing', async () => {
    const ctx = { deps: central.deps, scope: centralScope }
    const before = sim.router.identity
    const bad = await previewChange(ctx, deviceId, [
      { op: 'set', path: '/system/identity', values: { name: 'never-applied' } },
      { op: 'add', path: '/ip/bogus', values: { a: 'b' } },
    ])
    expect(bad.ok).toBe(false)
    expect(bad.script).toBe('/system identity set name=never-applied\n/ip bogus add a=b')
    expect(bad.problems).toMatchObject([
      { index: 1, message: expect.stringMatching(/unknown path \/ip\/bogus/) },
    ])
    const good = await previewChange(ctx, deviceId, [
      { op: 'set', path: '/system/identity', values: { name: 'never-applied' } },
    ])
    expect(good).toMatchObject({ ok: true, problems: [] })
    expect(sim.router.identity).toBe(before)
    const rows = await centralScope
      .selectFrom('edge_changes')
      .select(['state', 'request_json', 'result_json'])
      .where('change_id', '=', '')
      .execute()
    expect(rows).toHaveLength(2)
    expect(rows.every((r) => r.state === 'done' && r.request_json === '{}')).toBe(true)
    // the edge records no change for a preview
    const atEdge = await edgeScope
      .selectFrom('device_changes')
      .select('id')
      .where('device_id', '=', deviceId)
      .execute()
    expect(atEdge).toHaveLength(1)
  }, 60_000)

  it('refuses a revoked edge and audits it; the edge keeps buffering', async () => {
    await revokeEdge(central.deps, admin, centralScope, edgeId)
    await waitFor('the edge to notice', async () => {
      const l = await edgeScope
        .selectFrom('edge_links')
        .select('last_error')
        .executeTakeFirstOrThrow()
      return l.last_error?.includes('401') === true
    })
    const refused = await audits(central, 'edge.refused')
    expect(refused.map((a) => a.details_json).join()).toContain('revoked')
    expect(refused[0]?.tenant_id).toBe(centralScope.tenantId)
    await waitFor('a growing outbox', async () => (await outboxCount()) > 0)
  })
})
