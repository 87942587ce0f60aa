// Restore of a stored binary .backup against a simulated router over real SSH/SFTP and API: the
// file is uploaded, loaded, the router reboots onto it and comes back with the old config; the
// change is recorded and audited; another major is refused; other tenants and devices get 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { previewBinaryRestore, restoreBinaryBackup } from '../../../src/changes/index.ts'
import { uptimeSeconds } from '../../../src/changes/binary-restore-run.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { ACTOR, changeFixture, type ChangeFixture } from './change-fixture.ts'
import { auditRows } from '../../support/audit.ts'

let f: ChangeFixture
let sim: SimDevice
let other: SimDevice
let id: DeviceId
let otherId: DeviceId
let admin: TestAgent
let operator: TestAgent
let viewer: TestAgent
let binId = ''

const files = () => [...sim.device.files.keys()].filter((n) => n.endsWith('.backup'))

beforeAll(async () => {
  f = await changeFixture('binrestore')
  sim = await startDevice({ persona: 'rb5009-7.15', name: 'br-gw', rebootDelayMs: 500 })
  other = await startDevice({ persona: 'rb5009-7.15', name: 'br-other', rebootDelayMs: 500 })
  id = await f.add(sim)
  otherId = await f.add(other)
  admin = await loginAs(f.t, 'admin', f.scope.tenantId)
  operator = await loginAs(f.t, 'operator', f.scope.tenantId)
  viewer = await loginAs(f.t, 'viewer', f.scope.tenantId)
  expect((await admin.post(`/devices/${id}/backups/binary`, { mode: 'encrypted' })).status).toBe(
    303,
  )
  expect((await operator.post(`/devices/${id}/backups`)).status).toBe(303)
  const [row] = await f.scope
    .selectFrom('device_binary_backups')
    .select('id')
    .where('device_id', '=', id)
    .execute()
  binId = row!.id
})
afterAll(async () => {
  await sim.close()
  await other.close()
  await f.t.close()
})

describe('restore of a binary .backup', () => {
  it('reads RouterOS uptimes', () => {
    expect(uptimeSeconds('1w2d03:04:05')).toBe(((7 + 2) * 24 + 3) * 3600 + 4 * 60 + 5)
    expect(uptimeSeconds('3h4m5s')).toBe(3 * 3600 + 4 * 60 + 5)
    expect(uptimeSeconds('')).toBeNaN()
  })

  it('previews what happens: the device reboots onto the file', async () => {
    const p = await previewBinaryRestore(f.ctx, id, binId)
    expect(p).toMatchObject({
      ok: true,
      reason: null,
      encrypted: true,
      capturedOn: expect.stringMatching(/^7\./),
    })
    expect(p.steps.join(' ')).toContain('reboots onto that file')
    const page = visibleText(
      await (await operator.get(`/devices/${id}/backups/binary/${binId}/restore`)).text(),
    )
    expect(page).toContain('The device reboots onto that file')
    expect((await viewer.get(`/devices/${id}/backups/binary/${binId}/restore`)).status).toBe(403)
  })

  it('uploads, loads, waits for the reboot and the old identity, removes the file; recorded and audited', async () => {
    sim.device.tree.setSingleton('/system/identity', { name: 'changed-later' })
    const res = await operator.post(`/devices/${id}/backups/binary/${binId}/restore`, {})
    expect(res.status).toBe(303)
    const changeId = (
      await f.scope
        .selectFrom('device_changes')
        .select('id')
        .where('device_id', '=', id)
        .where('source', '=', 'restore-backup')
        .executeTakeFirstOrThrow()
    ).id
    let state = ''
    for (let i = 0; i < 200 && !['kept', 'failed', 'lost'].includes(state); i++) {
      await new Promise((r) => setTimeout(r, 100))
      state = (
        await f.scope
          .selectFrom('device_changes')
          .select('state')
          .where('id', '=', changeId)
          .executeTakeFirstOrThrow()
      ).state
    }
    const row = await f.scope
      .selectFrom('device_changes')
      .select(['state', 'message', 'script'])
      .where('id', '=', changeId)
      .executeTakeFirstOrThrow()
    expect(row.state, row.message ?? '').toBe('kept')
    expect(row.message).toContain('rebooted onto the .backup')
    expect(row.message).toContain('identity br-gw')
    expect(row.script).toContain('password="********"')
    expect(sim.device.identity).toBe('br-gw')
    expect(files()).toEqual([])
    const audits = await auditRows(f.t.deps, (q) =>
      q.where('tenant_id', '=', f.scope.tenantId).where('action', 'like', 'change.%'),
    )
    expect(audits.map((a) => `${a.action}:${a.outcome}`)).toEqual(
      expect.arrayContaining(['change.apply:success', 'change.result:success']),
    )
    const pw = (await auditRows(f.t.deps, (q) => q)).map((a) => a.details_json).join('\n')
    expect(pw).not.toMatch(/password="(?!\*)/)
  }, 30_000)

  it('refuses a .backup made on another RouterOS major, with the reason; nothing is uploaded', async () => {
    await f.scope
      .updateTable('device_backups')
      .set({ routeros_version: '6.49.10' })
      .where('device_id', '=', id)
      .execute()
    try {
      const p = await previewBinaryRestore(f.ctx, id, binId)
      expect(p.ok).toBe(false)
      expect(p.reason).toContain('RouterOS 6.49.10')
      await expect(restoreBinaryBackup(f.ctx, id, binId, ACTOR)).rejects.toThrow(
        /another major version/,
      )
      expect(files()).toEqual([])
    } finally {
      await f.scope
        .updateTable('device_backups')
        .set({ routeros_version: '7.15.3' })
        .where('device_id', '=', id)
        .execute()
    }
  })

  it('another device or another tenant gets 404', async () => {
    await expect(previewBinaryRestore(f.ctx, otherId, binId)).rejects.toThrow(/Backup not found/)
    expect(
      (
        await operator.request('POST', `/api/v1/devices/${otherId}/backups/${binId}/restore`, {
          json: { kind: 'binary' },
        })
      ).status,
    ).toBe(404)
    const api = await operator.request('POST', `/api/v1/devices/${id}/backups/${binId}/restore`, {
      json: { kind: 'binary' },
    })
    expect(((await api.json()) as { binaryRestore: { ok: boolean } }).binaryRestore.ok).toBe(true)
    const strangerTenant = (await makeTenant(f.t.deps, 'binrestore-b')).id
    const stranger = await loginAs(f.t, 'operator', strangerTenant)
    expect((await stranger.get(`/devices/${id}/backups/binary/${binId}/restore`)).status).toBe(404)
    expect((await stranger.post(`/devices/${id}/backups/binary/${binId}/restore`, {})).status).toBe(
      404,
    )
  })
})
