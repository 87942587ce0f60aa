// The optional binary .backup against a simulated router over real SSH and SFTP: off by default;
// encrypted with a password Outpost keeps (sealed; admins reveal it, audited) or not encrypted by
// choice; fetched and removed from the router; downloaded by operators (audited); a router that
// refuses it keeps the export and says why without the password.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let dev: SimRouter
let ssh: SshServerHandle
let scope: TenantScope
let admin: TestAgent
let operator: TestAgent
let viewer: TestAgent
let deviceId: DeviceId

beforeAll(async () => {
  t = await createTestApp()
  dev = new SimRouter({ persona: 'rb5009-7.15', name: 'bin-gw', clock: new ManualClock() })
  dev.tree.add('/user', { name: 'ops', group: 'full', password: 'Bin-Login-7', disabled: 'false' })
  dev.tree.add('/user', {
    name: 'auditor',
    group: 'read',
    password: 'Bin-Read-7',
    disabled: 'false',
  })
  ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  const tenantId = (await makeTenant(t.deps, 'bak-bin')).id
  scope = forTenant(t.deps.kysely, tenantId)
  admin = await loginAs(t, 'admin', tenantId)
  operator = await loginAs(t, 'operator', tenantId)
  viewer = await loginAs(t, 'viewer', tenantId)
  const input = deviceCreateSchema.parse({
    name: 'bin-gw',
    host: '127.0.0.1',
    ssh_port: String(ssh.port),
    username: 'ops',
    password: 'Bin-Login-7',
  })
  const r = await addDevice(
    { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
    input,
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('add failed')
  deviceId = r.device.id
  await scope.updateTable('devices').set({ version: '7.15.3' }).where('id', '=', deviceId).execute()
})
afterAll(async () => {
  await ssh.close()
  await t.close()
})

const files = () => [...dev.files.keys()].filter((f) => f.endsWith('.backup'))

describe('binary .backup', () => {
  it('is off by default: a backup makes no .backup', async () => {
    expect((await operator.post(`/devices/${deviceId}/backups`)).status).toBe(303)
    expect(await scope.selectFrom('device_binary_backups').select('id').execute()).toEqual([])
    expect(files()).toEqual([])
  })

  it('encrypted: saved with the kept password, fetched over SFTP, removed from the router, downloaded (audited)', async () => {
    expect(
      (await operator.post(`/devices/${deviceId}/backups/binary`, { mode: 'encrypted' })).status,
    ).toBe(403)
    expect(
      (await admin.post(`/devices/${deviceId}/backups/binary`, { mode: 'encrypted' })).status,
    ).toBe(303)
    expect((await operator.post(`/devices/${deviceId}/backups`)).status).toBe(303)
    expect(files()).toEqual([]) // removed after the fetch
    const tab = visibleText(await (await viewer.get(`/devices/${deviceId}/backups`)).text())
    expect(tab).toContain('Encrypted with a password Outpost keeps for this device.')
    expect(tab).toMatch(/UTC · [\d.]+ KB · encrypted/)
    const [row] = await scope.selectFrom('device_binary_backups').select(['id']).execute()
    const url = `/devices/${deviceId}/backups/binary/${row!.id}/download`
    expect((await viewer.get(url)).status).toBe(403)
    const res = await operator.get(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('.backup')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 40).toString()).toMatch(/^MikroTik backup 7\.15\S* encrypted/)
    expect((await operator.get(`/devices/${deviceId}/backups/binary/password`)).status).toBe(403)
    const pw = await (await admin.get(`/devices/${deviceId}/backups/binary/password`)).text()
    expect(pw).toMatch(/^[\w-]{24}$/)
    // the password and the file are sealed: neither is in the database files in clear
    const db = Buffer.concat(
      readdirSync(t.deps.dir)
        .filter((f) => f.startsWith('outpost.db'))
        .map((f) => readFileSync(join(t.deps.dir, f))),
    )
    expect(db.includes(Buffer.from(pw))).toBe(false)
    expect(db.includes(Buffer.from('MikroTik backup'))).toBe(false)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'backup.binary%')
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'backup.binary_mode_set',
      'backup.binary_download',
      'backup.binary_password_revealed',
    ])
  })

  it('dont-encrypt by choice; a router that refuses keeps the export and says why without the password', async () => {
    await admin.post(`/devices/${deviceId}/backups/binary`, { mode: 'plain' })
    await operator.post(`/devices/${deviceId}/backups`)
    const rows = await scope
      .selectFrom('device_binary_backups')
      .select(['encrypted'])
      .orderBy('captured_at')
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.encrypted).sort()).toEqual([0, 1])
    await admin.post(`/devices/${deviceId}/backups/binary`, { mode: 'encrypted' })
    const pw = await (await admin.get(`/devices/${deviceId}/backups/binary/password`)).text()
    // the same password as before: it is kept, not made anew
    expect(pw).toMatch(/^[\w-]{24}$/)
    // a login without the `sensitive` policy may export but not save a backup
    const input = deviceCreateSchema.parse({
      name: 'bin-ro',
      host: '127.0.0.1',
      ssh_port: String(ssh.port),
      username: 'auditor',
      password: 'Bin-Read-7',
    })
    const r = await addDevice(
      { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
      input,
      { check: false, saveAnyway: false },
    )
    if (!r.ok) throw new Error('add failed')
    await scope
      .updateTable('devices')
      .set({ version: '7.15.3' })
      .where('id', '=', r.device.id)
      .execute()
    await admin.post(`/devices/${r.device.id}/backups/binary`, { mode: 'encrypted' })
    const pw2 = await (await admin.get(`/devices/${r.device.id}/backups/binary/password`)).text()
    await operator.post(`/devices/${r.device.id}/backups`)
    expect(
      await scope
        .selectFrom('device_backups')
        .select('id')
        .where('device_id', '=', r.device.id)
        .execute(),
    ).toHaveLength(1)
    const status = await scope
      .selectFrom('device_backup_status')
      .select(['last_error', 'last_error_code'])
      .where('device_id', '=', r.device.id)
      .executeTakeFirstOrThrow()
    expect(status.last_error_code).toBe('binary_failed')
    expect(status.last_error).toMatch(
      /^The .backup could not be made: .*the router said: .*permission/i,
    )
    expect(status.last_error).not.toContain(pw2)
    expect(files()).toEqual([])
  })
})
