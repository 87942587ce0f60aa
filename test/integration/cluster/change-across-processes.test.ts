// Several processes (issue 20): a safe change runs in the process that started it, while the
// technician's device page and Keep may be served by another one behind the same load balancer.
// Two real appliances on one PostgreSQL and a simulated router: the page on B follows the change
// A runs, and a Keep clicked on B keeps it (before, B answered 409 and the router reverted); a
// second change to the same router through B is refused while A's runs (one change at a time per
// device, across processes: a PostgreSQL advisory lock that ends with the process).
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  configureChanges,
  followDeviceChanges,
  getChange,
  keepChange,
  startChange,
  type ChangeActor,
  type ChangeCtx,
  type ChangeRecord,
} from '../../../src/changes/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { auditRows } from '../../support/audit.ts'
import type { TestDeps } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'
import { clusterApps, type ClusterApps } from './cluster-apps.ts'

const ACTOR: ChangeActor = { kind: 'user', id: 'U1', name: 'alice', ip: '10.0.0.9' }
const TIMINGS = {
  connectTimeoutMs: 1500,
  commandTimeoutMs: 4000,
  applyBudgetS: 3,
  graceMs: 20_000,
  retryMs: 300,
}

let apps: ClusterApps
let a: RunningOutpost
let b: RunningOutpost
let sim: SimDevice
beforeAll(async () => {
  apps = await clusterApps()
  a = await startOutpost(apps.env(), { logDestination: apps.dest })
  b = await startOutpost(apps.env(), { logDestination: apps.dest, initialAdmin: false })
  for (const o of [a, b]) configureChanges(o.deps, TIMINGS)
  sim = await startDevice({ persona: 'rb5009-7.15', name: 'across' })
}, 60_000)
afterAll(async () => {
  await b?.stop()
  await a?.stop()
  await sim?.close()
  apps?.close()
})

let ctxA: ChangeCtx
let ctxB: ChangeCtx
let deviceId: string

async function addRouter(): Promise<void> {
  const tenantId = (await makeTenant(a.deps as TestDeps, 'across-co')).id
  ctxA = { deps: a.deps, scope: forTenant(a.deps.kysely, tenantId) }
  ctxB = { deps: b.deps, scope: forTenant(b.deps.kysely, tenantId) }
  const added = await addDevice(
    { deps: a.deps, scope: ctxA.scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
    deviceCreateSchema.parse({
      name: sim.name,
      host: sim.host,
      api_port: String(sim.apiPort),
      ssh_port: String(sim.sshPort),
      username: sim.username,
      password: sim.password,
    }),
    { check: false, saveAnyway: false },
  )
  if (!added.ok) throw new Error('device not added')
  deviceId = added.device.id
}

const untilAwaitingKeep = async (ctx: ChangeCtx, changeId: string) => {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const r = await getChange(ctx, deviceId, changeId)
    if (r.awaitingKeep) return r
    await new Promise((res) => setTimeout(res, 50))
  }
  throw new Error('the change never waited for Keep')
}

it('shows the change A runs on the page of B, and keeps it when Keep is clicked on B', async () => {
  await addRouter()
  const onB: ChangeRecord[] = []
  const off = followDeviceChanges(ctxB, deviceId, (rec) => onB.push(rec))
  const { change, done } = await startChange(
    ctxA,
    deviceId,
    {
      operations: [{ op: 'set', path: '/ip/dns', values: { servers: '9.9.9.9' } }],
      mode: 'safe',
      confirm: 'manual',
      windowS: 8,
    },
    ACTOR,
  )
  const deadline = Date.now() + 20_000
  while (!onB.some((r) => r.awaitingKeep) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50))
  expect(onB.find((r) => r.awaitingKeep)).toMatchObject({ id: change.id, state: 'verifying' })
  const kept = await keepChange(ctxB, deviceId, change.id, ACTOR)
  expect(kept.state).toBe('kept')
  expect((await done).state).toBe('kept')
  // after the window: still kept, the new servers stay, no revert job is left on the router
  await new Promise((r) => setTimeout(r, 9000))
  expect(sim.device.tree.getSingleton('/ip/dns').servers).toBe('9.9.9.9')
  expect(
    sim.device.tree
      .list('/system/scheduler')
      .filter((j) => j.props.name?.startsWith('outpost-revert')),
  ).toEqual([])
  expect(onB.at(-1)).toMatchObject({ id: change.id, state: 'kept' })
  const keeps = await auditRows(a.deps, (q) => q.where('action', '=', 'change.keep'))
  expect(keeps).toHaveLength(1)
  off()
}, 60_000)

it('refuses a second change to the router through B while A changes it, and allows it after', async () => {
  const dns = (servers: string) => ({
    operations: [{ op: 'set' as const, path: '/ip/dns', values: { servers } }],
    mode: 'safe' as const,
    confirm: 'manual' as const,
    windowS: 8,
  })
  const first = await startChange(ctxA, deviceId, dns('1.1.1.1'), ACTOR)
  await expect(
    startChange(ctxB, deviceId, dns('8.8.8.8'), { ...ACTOR, name: 'bob' }),
  ).rejects.toMatchObject({
    status: 409,
    code: 'change_in_progress',
    message: expect.stringMatching(/^alice is changing this device since \d\d:\d\d:\d\d UTC/),
  })
  await untilAwaitingKeep(ctxA, first.change.id)
  expect((await keepChange(ctxA, deviceId, first.change.id, ACTOR)).state).toBe('kept')
  const second = await startChange(ctxB, deviceId, dns('8.8.8.8'), { ...ACTOR, name: 'bob' })
  await untilAwaitingKeep(ctxB, second.change.id)
  expect((await keepChange(ctxA, deviceId, second.change.id, ACTOR)).state).toBe('kept')
  expect(sim.device.tree.getSingleton('/ip/dns').servers).toBe('8.8.8.8')
}, 60_000)
