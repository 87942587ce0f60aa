// Bad input and faults of issue 11: a device that drops mid-apply, a device that reboots during
// verification, a concurrent change by another user, a restore of another device's or another
// tenant's version (404), a restore across RouterOS majors (refused), and a text restore that
// brings list, ordered and singleton menus back. Each leaves the device as it was or restored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeCapture } from '../../../src/backups/index.ts'
import {
  awaitChange,
  keepChange,
  previewRestore,
  restoreBackup,
  startChange,
} from '../../../src/changes/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { makeTenant } from '../../support/login.ts'
import { ACTOR, changeFixture, type ChangeFixture } from './change-fixture.ts'

let f: ChangeFixture
let v6: SimDevice
let v7: SimDevice
let v718: SimDevice
let id6: DeviceId
let id7: DeviceId
let id718: DeviceId

const until = async (cond: () => Promise<boolean>, ms = 20_000) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('condition not met')
}

async function store(deviceId: DeviceId, text: string, scope = f.scope) {
  const r = await storeCapture({ deps: f.t.deps, scope }, deviceId, {
    stdout: text,
    stderr: '',
    exitCode: 0,
  })
  if (!r.ok) throw new Error(`store failed: ${JSON.stringify(r)}`)
  return r.backup.id
}

beforeAll(async () => {
  f = await changeFixture('faults')
  v6 = await startDevice({ persona: 'hap-ac-6.49', name: 'f-v6', rebootDelayMs: 300 })
  v7 = await startDevice({ persona: 'rb5009-7.15', name: 'f-v7', rebootDelayMs: 300 })
  v718 = await startDevice({ persona: 'hap-ax3-7.18', name: 'f-v718', rebootDelayMs: 300 })
  id6 = await f.add(v6)
  id7 = await f.add(v7)
  id718 = await f.add(v718)
})
afterAll(async () => {
  for (const s of [v6, v7, v718]) await s.close()
  await f.t.close()
})

describe('faults during a change', () => {
  it('a device that drops mid-apply (safe mode) restores itself; the earlier operations are not kept', async () => {
    const { done } = await startChange(
      f.ctx,
      id6,
      {
        operations: [
          { op: 'set', path: '/system/identity', values: { name: 'mid-apply' } },
          { op: 'set', path: '/ip/service', where: { name: 'api' }, values: { disabled: 'yes' } },
          { op: 'set', path: '/ip/dns', values: { servers: '4.4.4.4' } },
        ],
        mode: 'safe',
        confirm: 'auto',
        windowS: 2,
      },
      ACTOR,
    )
    const rec = await done
    expect(rec.state, rec.message ?? '').toBe('reverted')
    expect(rec.results.map((r) => r.status)).toEqual(['ok', 'ok', 'failed'])
    expect(rec.results[2]?.message).toMatch(/connection dropped/)
    expect(v6.device.identity).toBe('f-v6')
    expect(
      v6.device.tree.list('/ip/service').find((e) => e.props.name === 'api')?.props.disabled,
    ).toBe('false')
  })

  it('a device that drops mid-apply in standard mode: stops there and says what was applied', async () => {
    const { done } = await startChange(
      f.ctx,
      id7,
      {
        operations: [
          { op: 'set', path: '/ip/dns', values: { servers: '5.5.5.5' } },
          { op: 'set', path: '/ip/service', where: { name: 'api' }, values: { disabled: 'yes' } },
          { op: 'set', path: '/system/identity', values: { name: 'never' } },
        ],
        mode: 'standard',
        confirm: 'auto',
      },
      ACTOR,
    )
    const rec = await done
    expect(rec.state).toBe('failed')
    expect(rec.message).toMatch(
      /operation 3 failed: the connection dropped.*operations 1-2 were applied/,
    )
    expect(v7.device.identity).toBe('f-v7')
    const api = v7.device.tree.list('/ip/service').find((e) => e.props.name === 'api')
    v7.device.tree.set('/ip/service', api?.id ?? '', { disabled: 'false' })
  })

  for (const which of ['v6', '7.18'] as const) {
    it(`a device that reboots during verification (${which}) is kept only if the change is still there, otherwise restored`, async () => {
      const [sim, id] = which === 'v6' ? [v6, id6] : [v718, id718]
      const { change } = await startChange(
        f.ctx,
        id,
        {
          operations: [{ op: 'set', path: '/ip/dns', values: { servers: '7.7.7.7' } }],
          mode: 'safe',
          confirm: 'manual',
          windowS: 4,
        },
        ACTOR,
      )
      await until(
        async () =>
          (
            await f.ctx.scope
              .selectFrom('device_changes')
              .select('awaiting_keep')
              .where('id', '=', change.id)
              .executeTakeFirst()
          )?.awaiting_keep === 1,
      )
      await sim.reboot()
      const rec = await keepChange(f.ctx, id, change.id, ACTOR)
      expect(['kept', 'reverted'], rec.message ?? '').toContain(rec.state)
      const servers = sim.device.tree.getSingleton('/ip/dns').servers
      expect(rec.state === 'kept' ? servers === '7.7.7.7' : servers !== '7.7.7.7').toBe(true)
      expect(
        sim.device.tree
          .list('/system/scheduler')
          .filter((j) => j.props.name?.startsWith('outpost-revert')),
      ).toEqual([])
    }, 40_000)
  }

  it('a concurrent change by another user is refused, naming who changes the device and since when', async () => {
    const first = await startChange(
      f.ctx,
      id7,
      {
        operations: [{ op: 'set', path: '/ip/dns', values: { servers: '6.6.6.6' } }],
        mode: 'safe',
        confirm: 'manual',
        windowS: 3,
      },
      ACTOR,
    )
    await expect(
      startChange(
        f.ctx,
        id7,
        {
          operations: [{ op: 'set', path: '/system/identity', values: { name: 'bob-was-here' } }],
          mode: 'standard',
          confirm: 'auto',
        },
        { ...ACTOR, id: 'U2', name: 'bob' },
      ),
    ).rejects.toThrow(/alice is changing this device since \d\d:\d\d:\d\d UTC/)
    const rec = await awaitChange(f.ctx, id7, first.change.id)
    expect(rec.state).toBe('reverted')
    expect(rec.message).toMatch(
      /nobody confirmed the change in time; the device restored itself at \d\d:\d\d:\d\d UTC, change not kept/,
    )
    expect(v7.device.identity).toBe('f-v7')
  }, 40_000)
})

describe('restore of a stored version', () => {
  it('brings singleton, list and ordered menus back through safe apply', async () => {
    // the export the device would have printed before someone edited it
    const exported = v7.device.tree
    const before = await store(
      id7,
      `# 2025-01-02 03:04:05 by RouterOS 7.15.3\n/ip firewall filter\nadd action=accept chain=input comment=first\nadd action=drop chain=input comment=second src-address=10.66.0.0/16\n/ip dns static\nadd address=10.1.1.1 name=keep.lan\n/system identity\nset name=f-v7\n`,
    )
    exported.add('/ip/firewall/filter', {
      chain: 'input',
      action: 'drop',
      'src-address': '10.66.0.0/16',
      comment: 'second',
    })
    exported.add('/ip/firewall/filter', { chain: 'input', action: 'accept', comment: 'first' })
    exported.add('/ip/dns/static', { name: 'keep.lan', address: '10.1.1.1' })
    exported.add('/ip/dns/static', { name: 'stray.lan', address: '10.1.1.2' })
    exported.setSingleton('/system/identity', { name: 'edited' })
    const preview = await previewRestore(f.ctx, id7, before)
    expect(preview.ok, JSON.stringify(preview.problems)).toBe(true)
    expect(preview.script).toContain('/system identity set name=f-v7')
    expect(preview.script).toMatch(/\/ip dns static remove \*\w+/)
    expect(preview.script).not.toContain('keep.lan')
    const r = await restoreBackup(
      f.ctx,
      id7,
      before,
      { mode: 'safe', confirm: 'auto', windowS: 5 },
      ACTOR,
    )
    const rec = await r.done
    expect(rec?.state, rec?.message ?? '').toBe('kept')
    expect(rec?.source).toBe('restore')
    expect(v7.device.identity).toBe('f-v7')
    expect(exported.list('/ip/firewall/filter').map((e) => e.props.comment)).toEqual([
      'first',
      'second',
    ])
    expect(exported.list('/ip/dns/static').map((e) => e.props.name)).toEqual(['keep.lan'])
  }, 40_000)

  it('a version of another device or of another tenant is a 404; another RouterOS major is refused with the reason', async () => {
    const of6 = await store(
      id6,
      '# jan/02/2025 03:04:05 by RouterOS 6.49.10\n/system identity\nset name=f-v6\n',
    )
    await expect(previewRestore(f.ctx, id7, of6)).rejects.toMatchObject({ status: 404 })
    const other = await makeTenant(f.t.deps, 'faults-other')
    const otherCtx = { deps: f.t.deps, scope: forTenant(f.t.deps.kysely, other.id) }
    await expect(previewRestore(otherCtx, id6, of6)).rejects.toMatchObject({ status: 404 })
    const v6OnV7 = await store(
      id718,
      '# jan/02/2025 03:04:05 by RouterOS 6.49.10\n/system identity\nset name=old\n',
    )
    await expect(previewRestore(f.ctx, id718, v6OnV7)).rejects.toThrow(
      /taken on RouterOS 6.49.10 and the device now runs 7\.18/,
    )
    expect(v718.device.identity).toBe('f-v718')
  })
})
