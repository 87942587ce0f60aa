// SSH through device access against a simulated router over real loopback sockets: the host key
// is pinned at first contact, a replaced router's key is refused and recorded as an event, an
// admin (and only an admin) accepts it from the device page, and no job can open more than two
// sessions to one router at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { DeviceAccess, openCredentials } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { sshExec, type SshExecOptions } from '../../../src/routeros/ssh.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { auditRows } from '../../support/audit.ts'

const SECRET = 'Ssh-Secret-42'
let t: TestApp
let sim: SimDevice
let scope: TenantScope
let admin: TestAgent
let operator: TestAgent
let deviceId: DeviceId
let sshPort: number

/** Every SSH connection attempt, with how many were open at that moment. */
const calls: { host: string; active: number }[] = []
let active = 0
const countingSsh = async (o: SshExecOptions) => {
  active++
  calls.push({ host: o.host, active })
  try {
    return await sshExec(o)
  } finally {
    active--
  }
}

async function router(name: string, port = 0): Promise<SimDevice> {
  const s = await startDevice({
    name,
    serialNumber: `SN-${name}`,
    sshPort: port,
    services: { api: false, apiSsl: false, ssh: true },
  })
  s.device.tree.add('/user', { name: 'ops', group: 'full', password: SECRET, disabled: 'false' })
  return s
}

const row = () =>
  scope.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow()

beforeAll(async () => {
  t = await createTestApp()
  sim = await router('ssh-original')
  sshPort = sim.sshPort
  const tenantId = (await makeTenant(t.deps, 'ssh')).id
  scope = forTenant(t.deps.kysely, tenantId)
  admin = await loginAs(t, 'admin', tenantId)
  operator = await loginAs(t, 'operator', tenantId)
  const input = deviceCreateSchema.parse({
    name: 'ssh-dev',
    host: sim.host,
    ssh_port: String(sshPort),
    username: 'ops',
    password: SECRET,
  })
  const r = await addDevice(
    { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
    input,
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('add failed')
  deviceId = r.device.id as DeviceId
})
afterAll(async () => {
  await sim.close()
  await t.close()
})

describe('SSH sessions through device access', () => {
  const access = () => new DeviceAccess(t.deps, { sshExec: countingSsh, connectTimeoutMs: 5000 })

  it('pins the host key at first contact and keeps the credentials usable', async () => {
    expect((await row()).ssh_host_key).toBeNull()
    const r = await access().sshExec(scope, deviceId, '/system identity print')
    expect(r.stdout).toContain('ssh-original')
    const pinned = await row()
    expect(pinned.ssh_host_key).toBe(r.hostKey)
    expect(await openCredentials(t.deps, scope, pinned)).toEqual({
      username: 'ops',
      password: SECRET,
    })
  })

  it('opens at most two sessions to one router however many jobs ask', async () => {
    calls.length = 0
    const a = access()
    const results = await Promise.all(
      Array.from({ length: 12 }, () => a.sshExec(scope, deviceId, '/system identity print')),
    )
    expect(results.every((r) => r.stdout.includes('ssh-original'))).toBe(true)
    expect(calls).toHaveLength(12)
    expect(Math.max(...calls.map((c) => c.active))).toBe(2)
  })

  it('refuses a changed host key, records one event, and lets only an admin accept the new key', async () => {
    const original = (await row()).ssh_host_key
    await sim.close()
    sim = await router('ssh-impostor', sshPort)
    const a = access()
    await expect(a.sshExec(scope, deviceId, '/system identity print')).rejects.toMatchObject({
      code: 'host_key_mismatch',
    })
    await expect(a.sshExec(scope, deviceId, '/system identity print')).rejects.toMatchObject({
      code: 'host_key_mismatch',
    })
    const changed = await row()
    expect(changed.ssh_host_key).toBe(original)
    expect(changed.ssh_host_key_pending).toMatch(/^SHA256:/)
    const events = await scope
      .selectFrom('device_events')
      .select(['kind', 'message'])
      .where('device_id', '=', deviceId)
      .execute()
    expect(events).toEqual([
      { kind: 'host_key_changed', message: expect.stringContaining('connection was refused') },
    ])

    const adminPage = visibleText(await (await admin.get(`/devices/${deviceId}`)).text())
    expect(adminPage).toContain('SSH host key changed')
    expect(adminPage).toContain('Accept the new host key')
    const opPage = visibleText(await (await operator.get(`/devices/${deviceId}`)).text())
    expect(opPage).toContain('An admin of this tenant can accept the new key.')
    const pending = changed.ssh_host_key_pending as string
    expect(
      (await operator.post(`/devices/${deviceId}/ssh-host-key/accept`, { host_key: pending }))
        .status,
    ).toBe(403)
    expect(
      (await admin.post(`/devices/${deviceId}/ssh-host-key/accept`, { host_key: 'SHA256:other' }))
        .status,
    ).toBe(409)

    expect(
      (await admin.post(`/devices/${deviceId}/ssh-host-key/accept`, { host_key: pending })).status,
    ).toBe(303)
    const accepted = await row()
    expect(accepted).toMatchObject({ ssh_host_key: pending, ssh_host_key_pending: null })
    const audit = await auditRows(t.deps, (q) =>
      q.where('target_id', '=', deviceId).where('action', '=', 'device.ssh_host_key_accept'),
    )
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]?.details_json ?? '{}')).toEqual({
      previous: original,
      accepted: pending,
    })
    expect((await a.sshExec(scope, deviceId, '/system identity print')).stdout).toContain(
      'ssh-impostor',
    )
  })

  it('tries the second management address when the first refuses', async () => {
    const input = deviceCreateSchema.parse({
      name: 'two-addr',
      host: '127.0.0.7',
      host2: sim.host,
      ssh_port: String(sshPort),
      username: 'ops',
      password: SECRET,
    })
    const r = await addDevice(
      { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
      input,
      { check: false, saveAnyway: false },
    )
    if (!r.ok) throw new Error('add failed')
    calls.length = 0
    expect((await access().sshExec(scope, r.device.id, '/system identity print')).stdout).toContain(
      'ssh-impostor',
    )
    expect(calls.map((c) => c.host)).toEqual(['127.0.0.7', sim.host])
  })
})
