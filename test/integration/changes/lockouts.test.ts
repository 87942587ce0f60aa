// Issue 11's proof: changes that lock the appliance out, 20 of each kind on v6 and 20 of each
// kind on v7 (7.15: scheduler restore with a reboot; 7.18: /safe-mode rolls back at once, the
// scheduler job underneath): disabling the API service, a firewall rule dropping the appliance's
// address, removing or changing the address the appliance uses, disabling its interface. Every
// one really cuts the connection in the simulator, is reverted by the device itself, is reported
// as reverted ("restored itself at …"), and the device answers normally afterwards. Devices run
// in parallel; each runs its lockouts one after another (one change at a time per device).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { startChange, type ChangeOperation } from '../../../src/changes/index.ts'
import { findDeviceRow } from '../../../src/changes/changes.repo.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { ACTOR, changeFixture, type ChangeFixture } from './change-fixture.ts'

type Kind = 'api-service' | 'firewall' | 'address' | 'interface'
const KINDS: Kind[] = ['api-service', 'firewall', 'address', 'interface']

function lockout(kind: Kind, round: number): ChangeOperation[] {
  switch (kind) {
    case 'api-service':
      return [
        { op: 'set', path: '/ip/service', where: { name: 'api' }, values: { disabled: 'yes' } },
      ]
    case 'firewall':
      return [
        {
          op: 'add',
          path: '/ip/firewall/filter',
          values: { chain: 'input', action: 'drop', 'src-address': '127.0.0.1', comment: 'oops' },
        },
      ]
    case 'address':
      // removing and changing the management address, alternately
      return round % 2 === 0
        ? [{ op: 'remove', path: '/ip/address', where: { address: '127.0.0.1/8' } }]
        : [
            {
              op: 'set',
              path: '/ip/address',
              where: { address: '127.0.0.1/8' },
              values: { address: '127.0.0.2/8' },
            },
          ]
    case 'interface':
      return [{ op: 'disable', path: '/interface', where: { name: 'ether1' } }]
  }
}

/** The device is back on its old config: the API service on, no drop rule, the address on an enabled ether1. */
function onOldConfig(sim: SimDevice): boolean {
  const t = sim.device.tree
  const api = t.list('/ip/service').find((e) => e.props.name === 'api')
  const addr = t.list('/ip/address').find((e) => e.props.address === '127.0.0.1/8')
  const ether1 = t.list('/interface/ethernet').find((e) => e.props.name === 'ether1')
  return (
    api?.props.disabled === 'false' &&
    !t.list('/ip/firewall/filter').some((e) => e.props.comment === 'oops') &&
    addr !== undefined &&
    ether1?.props.disabled !== 'true'
  )
}

const PLAN: { persona: string; devices: number; rounds: number }[] = [
  { persona: 'hap-ac-6.49', devices: 10, rounds: 2 },
  { persona: 'rb5009-7.15', devices: 5, rounds: 2 },
  { persona: 'chr-7.18', devices: 5, rounds: 2 },
]

let f: ChangeFixture
const sims: { sim: SimDevice; id: DeviceId; persona: string }[] = []

beforeAll(async () => {
  f = await changeFixture('lockouts')
  for (const p of PLAN) {
    for (let i = 0; i < p.devices; i++) {
      const sim = await startDevice({
        persona: p.persona,
        name: `lk-${p.persona}-${i}`,
        rebootDelayMs: 300,
      })
      // the management address the appliance reaches the router on
      sim.device.tree.add('/ip/address', {
        address: '127.0.0.1/8',
        network: '127.0.0.0',
        interface: 'ether1',
      })
      sims.push({ sim, id: await f.add(sim), persona: p.persona })
    }
  }
}, 60_000)
afterAll(async () => {
  for (const s of sims) await s.sim.close()
  await f.t.close()
})

describe('safe apply under lockouts', () => {
  it('every lockout is reverted by the device, reported as reverted, and the device answers normally afterwards', async () => {
    const started = Date.now()
    const outcomes = await Promise.all(
      sims.map(async ({ sim, id, persona }) => {
        const rounds = PLAN.find((p) => p.persona === persona)?.rounds ?? 1
        const out: {
          persona: string
          kind: Kind
          state: string
          message: string
          old: boolean
          ms: number
        }[] = []
        for (let round = 0; round < rounds; round++) {
          for (const kind of KINDS) {
            const t0 = Date.now()
            const { done } = await startChange(
              f.ctx,
              id,
              { operations: lockout(kind, round), mode: 'safe', confirm: 'auto', windowS: 2 },
              ACTOR,
            )
            const rec = await done
            out.push({
              persona,
              kind,
              state: rec.state,
              message: rec.message ?? '',
              old: onOldConfig(sim),
              ms: Date.now() - t0,
            })
          }
        }
        const check = await f.t.deps.deviceAccess.checkStored(
          f.scope,
          (await findDeviceRow(f.scope, id))!,
        )
        return { out, answers: check.ok }
      }),
    )
    const all = outcomes.flatMap((o) => o.out)
    const bad = all.filter(
      (o) =>
        o.state !== 'reverted' || !o.old || !/restored itself at \d\d:\d\d:\d\d/.test(o.message),
    )
    expect(bad).toEqual([])
    expect(outcomes.every((o) => o.answers)).toBe(true)
    for (const major of ['6', '7']) {
      for (const kind of KINDS)
        expect(
          all.filter(
            (o) =>
              o.kind === kind &&
              (major === '6' ? o.persona.endsWith('6.49') : !o.persona.endsWith('6.49')),
          ).length,
        ).toBe(20)
    }
    // no revert job or backup file is left behind
    for (const { sim } of sims) {
      expect(
        sim.device.tree
          .list('/system/scheduler')
          .filter((j) => j.props.name?.startsWith('outpost-revert')),
      ).toEqual([])
      expect([...sim.device.files.keys()].filter((n) => n.startsWith('outpost-revert'))).toEqual([])
    }
    const per = (p: string) => all.filter((o) => o.persona === p).map((o) => o.ms)
    const summary = PLAN.map(
      (p) =>
        `${p.persona}: ${per(p.persona).length} lockouts, median ${per(p.persona).sort((a, b) => a - b)[Math.floor(per(p.persona).length / 2)]} ms`,
    )
    process.stderr.write(
      `lockouts: ${all.length} in ${Date.now() - started} ms; ${summary.join('; ')}\n`,
    )
  }, 300_000)
})
