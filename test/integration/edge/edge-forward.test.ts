// What an edge forwards besides polls and text backups (issue 20), end to end between two real
// Outpost appliances over HTTPS, the edge polling a simulated router over real sockets: the
// central's alert rules work on forwarded polls (once, replays change nothing), a binary
// `.backup` arrives with its password (an oversized one stays on the edge), settings edited on
// the edge are applied centrally (a central edit is refused), and a device deleted on the edge
// disappears centrally (another tenant's device is refused, audited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { binaryPassword, readBinaryBackup } from '../../../src/backups/index.ts'
import { captureBinary, setBinaryMode } from '../../../src/backups/binary-backup.service.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantScope } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import { updateDeviceSettings } from '../../../src/devices/devices.service.ts'
import { removeDevice, setDeviceEnabled } from '../../../src/devices/device-state.service.ts'
import { bulkEditDevices } from '../../../src/devices/device-bulk.service.ts'
import { deviceBulkSchema, deviceUpdateSchema } from '../../../src/devices/devices.schema.ts'
import { centralRequest } from '../../../src/edge/edge-http.ts'
import { openLink } from '../../../src/edge/edge-link.service.ts'
import {
  centralIdentity,
  createEdgeRegistration,
  registerWithCentral,
} from '../../../src/edge/index.ts'
import { newId } from '../../../src/lib/ids.ts'
import { ApiServer } from '../../../src/sim/api/api-server.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import type { RunningOutpost } from '../../../src/startup.ts'
import { auditRows } from '../../support/audit.ts'
import { freePort } from '../../support/free-port.ts'
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

const admin = { kind: 'user' as const, id: 'u-admin', name: 'admin', ip: null, isAdmin: true }

let central: RunningOutpost
let edge: RunningOutpost
let sim: Sim
let ssh: SshServerHandle
let centralScope: TenantScope
let edgeScope: TenantScope
let deviceId: DeviceId
let target: { url: string; fingerprint: string }
const alertChanges: string[] = []

beforeAll(async () => {
  central = await startCentral(tmp(), await freePort())
  edge = await startEdge(tmp())
  centralScope = await makeTenant(central, 'MSP customer')
  edgeScope = await makeTenant(edge, 'site')
  sim = await startSim('fwd-r1')
  ssh = await startSshServer(sim.router, { host: '127.0.0.1', port: 0 })
  deviceId = await addDevice(edge, edgeScope, sim)
  // the credentials are bound to the endpoint: sealed again for the SSH port of the .backup
  const endpoint = { host: '127.0.0.1', api_port: sim.server.port, ssh_port: ssh.port }
  const sealed = sealCredentials(
    await dataKeyFor(edge.deps, edgeScope),
    edgeScope.tenantId,
    deviceId,
    { username: 'admin', password: '' },
    endpointWithDefaults(endpoint),
  )
  await edgeScope
    .updateTable('devices')
    .set({ ssh_port: ssh.port, ...sealed })
    .where('id', '=', deviceId)
    .execute()
  target = { url: central.https!.url, fingerprint: central.https!.tls().fingerprint }
  const reg = await createEdgeRegistration(
    central.deps,
    admin,
    centralScope,
    'Branch',
    centralIdentity(central.deps.config, `${target.url}/`),
  )
  await registerWithCentral(
    edge.deps,
    edgeScope,
    { centralUrl: target.url, token: reg.token, fingerprint: target.fingerprint },
    'test',
  )
  central.poller.poller.bus.on('alert.changed', (e) => {
    if (e.deviceId === deviceId) alertChanges.push(e.state)
  })
}, 60_000)

afterAll(async () => {
  await edge?.stop()
  await central?.stop()
  await ssh?.close()
  await sim?.server.close()
  removeDirs()
})

const centralDevice = () =>
  centralScope.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst()
const centralAlerts = () =>
  centralScope
    .selectFrom('alerts')
    .selectAll()
    .where('device_id', '=', deviceId)
    .orderBy('opened_at')
    .execute()
const emptyOutbox = () =>
  waitFor('an empty outbox', async () => {
    const r = await edgeScope.selectFrom('edge_outbox').select('seq').limit(1).execute()
    return r.length === 0
  })
const send = async (entries: unknown[]) => {
  const link = (await openLink(edge.deps, edgeScope))!
  return centralRequest(target, 'POST', '/api/v1/edge/batches', link.secret, {
    entries,
    backlog: 0,
    version: null,
  })
}

describe('forwarded from an edge appliance', () => {
  it('opens the central "device offline" alert from forwarded polls and resolves it on recovery, once', async () => {
    const first = await waitFor('the device online centrally', async () => {
      const d = await centralDevice()
      return d?.last_status === 'online' ? d : undefined
    })
    // the settings of a device that existed before the registration went along with it
    expect(first.poll_interval_s).toBe(1)
    // the tenant's default offline rule, without its 2-minute wait so the test does not take it
    await waitFor('the default rules', async () => {
      const r = await centralScope
        .selectFrom('alert_rules')
        .select('id')
        .where('kind', '=', 'offline')
        .executeTakeFirst()
      return r !== undefined
    })
    await centralScope
      .updateTable('alert_rules')
      .set({ duration_s: 0 })
      .where('kind', '=', 'offline')
      .execute()
    central.poller.poller.bus.emit('alerts.rules_changed', { tenantId: centralScope.tenantId })
    expect(await centralAlerts()).toEqual([])
    const port = sim.server.port
    await sim.server.close()
    const opened = await waitFor('the alert opened centrally', async () => {
      const a = await centralAlerts()
      return a.length > 0 ? a : undefined
    })
    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatchObject({ state: 'open', resolved_at: null })
    sim.server = new ApiServer({ device: sim.router, host: '127.0.0.1', port })
    await sim.server.start()
    await waitFor('the alert resolved', async () => {
      const a = await centralAlerts()
      return a[0]?.state === 'resolved'
    })
    await emptyOutbox()
    expect(await centralAlerts()).toHaveLength(1)
    expect(alertChanges).toEqual(['open', 'resolved'])
    // a replay of the sequence that took it down changes nothing
    const e = await centralScope.selectFrom('edges').select('last_seq').executeTakeFirstOrThrow()
    const r = await send([
      {
        seq: e.last_seq,
        kind: 'poll',
        deviceId,
        at: Date.now(),
        payload: {
          device: { name: 'fwd-r1', host: '127.0.0.1' },
          patch: { last_status: 'offline', last_error: 'replayed', last_polled_at: 1 },
          events: [{ kind: 'went_offline', message: 'replayed' }],
          points: [],
          snapshots: [],
        },
      },
    ])
    expect(r).toMatchObject({ applied: 0, ignored: 1 })
    await new Promise((res) => setTimeout(res, 500))
    expect(await centralAlerts()).toHaveLength(1)
    expect(alertChanges).toEqual(['open', 'resolved'])
  }, 90_000)

  it('evaluates metric thresholds on forwarded rollups and device events like its own', async () => {
    await centralScope
      .updateTable('alert_rules')
      .set({ duration_s: 0 })
      .where('kind', '=', 'cpu')
      .execute()
    central.poller.poller.bus.emit('alerts.rules_changed', { tenantId: centralScope.tenantId })
    const e = await centralScope.selectFrom('edges').select('last_seq').executeTakeFirstOrThrow()
    const other = newId() as DeviceId
    const r = await send([
      {
        seq: e.last_seq + 1000,
        kind: 'poll',
        deviceId: other,
        at: Date.now(),
        payload: {
          device: { name: 'fwd-hot', host: '10.9.9.9' },
          patch: { last_status: 'online', last_error: null, last_polled_at: Date.now() },
          events: [{ kind: 'rebooted', message: 'uptime went back' }],
          points: [{ metric: 'cpu', value: 97 }],
          pointsAt: Date.now(),
          snapshots: [],
        },
      },
    ])
    // keep the edge's own sequence ahead of what was injected here
    await centralScope.updateTable('edges').set({ last_seq: e.last_seq }).execute()
    expect(r).toMatchObject({ applied: 1 })
    const kinds = await waitFor('the cpu and reboot alerts', async () => {
      const rows = await centralScope
        .selectFrom('alerts')
        .select('kind')
        .where('device_id', '=', other)
        .orderBy('kind')
        .execute()
      return rows.length >= 2 ? rows.map((x) => x.kind) : undefined
    })
    expect(kinds).toEqual(['cpu', 'rebooted'])
  })

  it('forwards a binary .backup with its password; an oversized one stays on the edge', async () => {
    await setBinaryMode({ deps: edge.deps, scope: edgeScope }, deviceId, 'encrypted')
    const made = await captureBinary({ deps: edge.deps, scope: edgeScope }, deviceId)
    if (made?.ok !== true) throw new Error(`no .backup: ${JSON.stringify(made)}`)
    const row = await waitFor('the .backup centrally', () =>
      centralScope
        .selectFrom('device_binary_backups')
        .selectAll()
        .where('device_id', '=', deviceId)
        .executeTakeFirst(),
    )
    expect(row).toMatchObject({ size: made.backup.size, encrypted: 1 })
    const ctx = (o: RunningOutpost, scope: TenantScope) => ({ deps: o.deps, scope })
    const here = await readBinaryBackup(ctx(edge, edgeScope), deviceId, made.backup.id)
    const there = await readBinaryBackup(ctx(central, centralScope), deviceId, row.id)
    expect(there.equals(here)).toBe(true)
    expect(there.subarray(0, 40).toString()).toMatch(/^MikroTik backup .* encrypted/)
    const pw = await binaryPassword(ctx(edge, edgeScope), deviceId)
    expect(pw).not.toBeNull()
    expect(await binaryPassword(ctx(central, centralScope), deviceId)).toBe(pw)
    // a file above the limit (8 MiB) is not sent: its entry is done, nothing arrives
    await emptyOutbox()
    const big = newId()
    await edgeScope.transaction(async (tx) => {
      await tx
        .insertInto('device_binary_backups', {
          id: big,
          device_id: deviceId,
          captured_at: Date.now(),
          encrypted: 0,
          size: 9 * 1024 * 1024,
          sealed: new Uint8Array(32),
        })
        .execute()
      await tx
        .insertInto('edge_outbox', {
          kind: 'binary',
          device_id: deviceId,
          at: Date.now(),
          payload_json: JSON.stringify({
            device: { name: 'fwd-r1', host: '127.0.0.1' },
            backupId: big,
          }),
        })
        .execute()
    })
    await emptyOutbox()
    const central2 = await centralScope
      .selectFrom('device_binary_backups')
      .select('size')
      .where('device_id', '=', deviceId)
      .execute()
    expect(central2.map((r) => r.size)).toEqual([made.backup.size])
  }, 60_000)

  it('applies settings edited on the edge centrally; a central edit of them is refused', async () => {
    const site = async (s: TenantScope, name: string) => {
      const id = newId()
      await s.insertInto('sites', { id: id as never, name, created_at: Date.now() }).execute()
      return id
    }
    const tag = async (s: TenantScope, name: string) => {
      const id = newId()
      await s.insertInto('tags', { id: id as never, name, created_at: Date.now() }).execute()
      return id
    }
    const centralSite = await site(centralScope, 'Branch A')
    const centralCore = await tag(centralScope, 'core')
    const edgeSite = await site(edgeScope, 'Branch A')
    const edgeTags = [await tag(edgeScope, 'core'), await tag(edgeScope, 'only-on-edge')]
    const stored = await edgeScope
      .selectFrom('devices')
      .select('ssh_host_key')
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow()
    const form = {
      ssh_host_key: stored.ssh_host_key,
      name: 'fwd-renamed',
      host: '127.0.0.1',
      api_port: String(sim.server.port),
      ssh_port: String(ssh.port),
      site_id: edgeSite,
      tag_ids: edgeTags,
      notes: 'rack 4',
      latitude: '47.5',
      longitude: '8.25',
      is_enabled: 'yes',
      poll_interval_s: '30',
    }
    const ctx = (o: RunningOutpost, scope: TenantScope) => ({ deps: o.deps, scope, actor: admin })
    const saved = await updateDeviceSettings(
      ctx(edge, edgeScope),
      deviceId,
      deviceUpdateSchema.parse(form),
      { check: false, saveAnyway: false },
    )
    expect(saved.ok).toBe(true)
    const d = await waitFor('the settings centrally', async () => {
      const row = await centralDevice()
      return row?.notes === 'rack 4' ? row : undefined
    })
    expect(d).toMatchObject({
      name: 'fwd-renamed',
      site_id: centralSite,
      latitude: 47.5,
      longitude: 8.25,
      poll_interval_s: 30,
      is_enabled: 1,
    })
    const tags = await centralScope
      .selectFrom('device_tags')
      .select('tag_id')
      .where('device_id', '=', deviceId)
      .execute()
    expect(tags.map((t) => t.tag_id)).toEqual([centralCore]) // no central tag of that name
    const edit = updateDeviceSettings(
      ctx(central, centralScope),
      deviceId,
      deviceUpdateSchema.parse({ ...form, site_id: centralSite, tag_ids: [], notes: 'central' }),
      { check: false, saveAnyway: false },
    )
    await expect(edit).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(
        /managed by an edge appliance; change its settings on the edge/,
      ),
    })
    expect((await centralDevice())?.notes).toBe('rack 4')
    // a bulk edit on the edge is forwarded too; one centrally is refused like a single edit
    const bulk = (o: RunningOutpost, scope: TenantScope, tagIds: string[]) =>
      bulkEditDevices(
        ctx(o, scope),
        deviceBulkSchema.parse({ device_ids: [deviceId], remove_tag_ids: tagIds }),
      )
    await bulk(edge, edgeScope, [edgeTags[0]!])
    await waitFor('the tag removed centrally', async () => {
      const t = await centralScope
        .selectFrom('device_tags')
        .select('tag_id')
        .where('device_id', '=', deviceId)
        .execute()
      return t.length === 0
    })
    await expect(bulk(central, centralScope, [centralCore])).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/1 of the selected devices are managed by an edge appliance/),
    })
    await expect(
      setDeviceEnabled(ctx(central, centralScope), deviceId, false),
    ).rejects.toMatchObject({ status: 409 })
  }, 60_000)

  it('refuses deleting a device that is not this edge’s, and audits it', async () => {
    const other = await makeTenant(central, 'other customer')
    const foreign = await addDevice(central, other, sim)
    const e = await centralScope.selectFrom('edges').select('last_seq').executeTakeFirstOrThrow()
    const refused = send([
      {
        seq: e.last_seq + 1000,
        kind: 'delete',
        deviceId: foreign,
        at: Date.now(),
        payload: { device: { name: 'x', host: '127.0.0.1' } },
      },
    ])
    await expect(refused).rejects.toMatchObject({ status: 403 })
    expect(
      await other.selectFrom('devices').select('id').where('id', '=', foreign).executeTakeFirst(),
    ).toBeDefined()
    const audits = await auditRows(central.deps, (q) =>
      q.where('action', '=', 'edge.batch_refused'),
    )
    expect(audits.map((a) => a.details_json).join()).toContain(foreign)
  })

  it('removes the central copy of a device deleted on the edge, with its history, audited', async () => {
    await emptyOutbox()
    expect(
      (
        await centralScope
          .selectFrom('device_events')
          .select('id')
          .where('device_id', '=', deviceId)
          .execute()
      ).length,
    ).toBeGreaterThan(0)
    await removeDevice({ deps: edge.deps, scope: edgeScope, actor: admin }, deviceId)
    await waitFor('the device gone centrally', async () => (await centralDevice()) === undefined)
    await emptyOutbox()
    for (const table of ['device_events', 'device_snapshots', 'device_binary_backups'] as const)
      expect(
        await centralScope
          .selectFrom(table)
          .select('device_id')
          .where('device_id', '=', deviceId)
          .execute(),
      ).toEqual([])
    expect(await centralAlerts()).toEqual([])
    const audit = await auditRows(central.deps, (q) =>
      q.where('action', '=', 'device.delete').where('target_id', '=', deviceId),
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_name).toBe('edge Branch')
  })
})
