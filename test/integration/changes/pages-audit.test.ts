// The Config and Changes tabs and the audit of every write route (pages and JSON API): each
// write is a change set with an audit entry (who, device, the script with secrets masked, mode,
// result); viewers read with secrets masked and cannot change; the change page streams its
// state live (SSE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeCapture } from '../../../src/backups/index.ts'
import { awaitChange } from '../../../src/changes/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { changeFixture, type ChangeFixture } from './change-fixture.ts'
import { auditRows } from '../../support/audit.ts'

const SECRET = 'Sup3r-Secret-77'
let f: ChangeFixture
let sim: SimDevice
let id: DeviceId
let operator: TestAgent
let viewer: TestAgent

const changeIdOf = (res: Response) =>
  /\/changes\/([0-9A-Z]{26})$/.exec(res.headers.get('location') ?? '')?.[1] ?? ''

beforeAll(async () => {
  f = await changeFixture('pages')
  sim = await startDevice({ persona: 'rb5009-7.15', name: 'pg-gw', rebootDelayMs: 300 })
  id = await f.add(sim)
  operator = await loginAs(f.t, 'operator', f.tenantId as TenantId)
  viewer = await loginAs(f.t, 'viewer', f.tenantId as TenantId)
})
afterAll(async () => {
  await sim.close()
  await f.t.close()
})

describe('Config tab', () => {
  it('lists a menu with secrets masked for viewers, who cannot collect edits', async () => {
    sim.device.tree.add('/ppp/secret', { name: 'road', password: SECRET, service: 'any' })
    const page = await (await viewer.get(`/devices/${id}/config?path=/ppp/secret`)).text()
    expect(visibleText(page)).toContain('road')
    expect(page).not.toContain(SECRET)
    expect(
      (
        await viewer.post(`/devices/${id}/config/draft`, {
          op: 'remove',
          path: '/ppp/secret',
          id: '*1',
        })
      ).status,
    ).toBe(403)
    const unknown = visibleText(
      await (await viewer.get(`/devices/${id}/config?path=/ip/nonsense`)).text(),
    )
    expect(unknown).toContain('unknown path /ip/nonsense')
  })

  it('collects several edits into one change set and applies it; the change page streams its state', async () => {
    const dns = visibleText(
      await (await operator.get(`/devices/${id}/config?path=/ip/dns&edit=singleton`)).text(),
    )
    expect(dns).toContain('Add to change set')
    expect(
      (
        await operator.post(`/devices/${id}/config/draft`, {
          op: 'set',
          path: '/ip/dns',
          'p.servers': '1.0.0.1',
          'o.servers': '',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await operator.post(`/devices/${id}/config/draft`, {
          op: 'add',
          path: '/ip/address',
          'p.address': '10.44.0.1/24',
          'p.interface': 'ether3',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await operator.post(`/devices/${id}/config/draft`, {
          op: 'set',
          path: '/ppp/secret',
          id: '*1',
          'p.password': 'N3w-Pass-88',
          'o.password': '',
        })
      ).status,
    ).toBe(303)
    const draft = await (await operator.get(`/devices/${id}/config?path=/ip/dns`)).text()
    expect(visibleText(draft)).toContain('/ip dns set servers=1.0.0.1')
    expect(draft).not.toContain('N3w-Pass-88')
    const res = await operator.post(`/devices/${id}/config/apply`, {
      mode: 'safe',
      confirm: 'auto',
      windowS: '10',
    })
    expect(res.status).toBe(303)
    const changeId = changeIdOf(res)
    const live = await (await operator.get(`/devices/${id}/changes/${changeId}/live`)).text()
    expect(live).toMatch(/event: change\ndata: \{"state":"kept"/)
    const rec = await awaitChange(f.ctx, id, changeId)
    expect(rec.state, rec.message ?? '').toBe('kept')
    expect(rec.source).toBe('editor')
    expect(sim.device.tree.getSingleton('/ip/dns').servers).toBe('1.0.0.1')
    expect(sim.device.tree.list('/ppp/secret')[0]?.props.password).toBe('N3w-Pass-88')
    const page = visibleText(await (await viewer.get(`/devices/${id}/changes/${changeId}`)).text())
    expect(page).toContain('kept')
    expect(visibleText(await (await viewer.get(`/devices/${id}/changes`)).text())).toContain(
      'editor',
    )
  })
})

describe('audit of every write route', () => {
  it('pages and API writes each leave change.apply and change.result entries with secrets masked; keep is audited', async () => {
    const backup = await storeCapture({ deps: f.t.deps, scope: f.scope }, id, {
      stdout: '# 2025-01-02 03:04:05 by RouterOS 7.15.3\n/system identity\nset name=pg-gw\n',
      stderr: '',
      exitCode: 0,
    })
    if (!backup.ok) throw new Error('store failed')
    sim.device.tree.setSingleton('/system/identity', { name: 'drifted' })
    const started: string[] = []
    // JSON API: change (with a secret), manual keep, restore apply
    const api = await operator.request('POST', `/api/v1/devices/${id}/changes`, {
      json: {
        operations: [
          { op: 'set', path: '/ppp/secret', where: { name: 'road' }, values: { password: SECRET } },
        ],
        mode: 'standard',
        confirm: 'auto',
      },
    })
    expect(api.status).toBe(202)
    started.push(((await api.json()) as { change: { id: string } }).change.id)
    await awaitChange(f.ctx, id, started[0] ?? '')
    const manual = await operator.request('POST', `/api/v1/devices/${id}/changes`, {
      json: {
        operations: [{ op: 'set', path: '/ip/dns', values: { servers: '1.1.1.1' } }],
        mode: 'safe',
        confirm: 'manual',
        windowS: 20,
      },
    })
    const manualId = ((await manual.json()) as { change: { id: string } }).change.id
    started.push(manualId)
    for (let i = 0; i < 200; i++) {
      const c = (await (
        await operator.get(`/api/v1/devices/${id}/changes/${manualId}`)
      ).json()) as { change: { awaitingKeep: boolean } }
      if (c.change.awaitingKeep) break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect((await operator.post(`/devices/${id}/changes/${manualId}/keep`)).status).toBe(303)
    const restore = await operator.request(
      'POST',
      `/api/v1/devices/${id}/backups/${backup.backup.id}/restore`,
      { json: { apply: true, mode: 'standard' } },
    )
    const restoreId = ((await restore.json()) as { change: { id: string } }).change.id
    started.push(restoreId)
    await awaitChange(f.ctx, id, restoreId)
    // page restore
    sim.device.tree.setSingleton('/system/identity', { name: 'drifted-again' })
    const pageRestore = await operator.post(`/devices/${id}/backups/${backup.backup.id}/restore`, {
      mode: 'standard',
      confirm: 'auto',
    })
    started.push(changeIdOf(pageRestore))
    await awaitChange(f.ctx, id, started[3] ?? '')
    expect(sim.device.identity).toBe('pg-gw')

    const rows = await auditRows(f.t.deps, (q) => q.where('action', 'like', 'change.%'))
    const changes = await f.scope.selectFrom('device_changes').select('id').execute()
    for (const c of changes) {
      expect(rows.filter((r) => r.target_label === c.id).map((r) => r.action)).toEqual(
        expect.arrayContaining(['change.apply', 'change.result']),
      )
    }
    expect(rows.some((r) => r.action === 'change.keep' && r.target_label === manualId)).toBe(true)
    expect(
      rows
        .filter((r) => started.includes(r.target_label ?? '') && r.action === 'change.result')
        .every((r) => r.outcome === 'success'),
    ).toBe(true)
    expect(JSON.stringify(rows)).not.toContain(SECRET)
    expect(JSON.stringify(rows)).not.toContain('N3w-Pass-88')
    expect(
      JSON.stringify(await f.scope.selectFrom('device_changes').selectAll().execute()),
    ).not.toContain(SECRET)
    expect(rows.find((r) => r.target_label === started[0])?.details_json).toContain(
      'password=********',
    )
  }, 60_000)
})
