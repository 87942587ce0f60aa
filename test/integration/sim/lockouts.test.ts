// The simulator's lockouts are real, on v6 and v7: a config change that disables the API service,
// drops the client's address in the input firewall, removes/changes the management address or
// disables its interface cuts the open session and refuses (or silently drops) new connections;
// putting the config back lets the client in again. Changes are made over the API itself.
import { afterEach, describe, expect, it } from 'vitest'
import { connect, type RouterOsSession } from '../../../src/routeros/index.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'

let sim: SimDevice | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

const open = (s: SimDevice) =>
  connect({
    host: s.host,
    port: s.apiPort,
    username: s.username,
    password: s.password,
    connectTimeoutMs: 700,
    loginTimeoutMs: 700,
  })

async function closedSoon(s: RouterOsSession): Promise<boolean> {
  for (let i = 0; i < 40 && !s.isClosed; i++) await new Promise((r) => setTimeout(r, 25))
  return s.isClosed
}

const KINDS: Record<string, (s: RouterOsSession) => Promise<unknown>> = {
  'API service disabled': (s) => s.write(['/ip/service/set', '=numbers=api', '=disabled=yes']),
  // placed first, ahead of the default "accept established" rule, so the open session drops too
  'firewall drops the client': async (s) => {
    const first = (await s.print('/ip/firewall/filter'))[0]?.['.id']
    return s.write([
      '/ip/firewall/filter/add',
      '=chain=input',
      '=action=drop',
      '=src-address=127.0.0.0/8',
      ...(first ? [`=place-before=${first}`] : []),
    ])
  },
  'management address removed': async (s) =>
    s.write([
      '/ip/address/remove',
      `=.id=${(await s.print('/ip/address', { query: ['?address=127.0.0.1/8'] }))[0]?.['.id'] ?? ''}`,
    ]),
  'management address changed': async (s) =>
    s.write([
      '/ip/address/set',
      `=.id=${(await s.print('/ip/address', { query: ['?address=127.0.0.1/8'] }))[0]?.['.id'] ?? ''}`,
      '=address=127.0.0.9/8',
    ]),
  'its interface disabled': (s) => s.write(['/interface/disable', '=numbers=ether1']),
}

describe('simulated lockouts', () => {
  for (const persona of ['hap-ac-6.49', 'rb5009-7.15']) {
    for (const [kind, lock] of Object.entries(KINDS)) {
      it(`${kind} cuts the session and keeps new ones out; the old config lets them in again (${persona})`, async () => {
        const s = (sim = await startDevice({ persona, name: 'lk' }))
        const tree = s.device.tree
        tree.add('/ip/address', {
          address: '127.0.0.1/8',
          interface: 'ether1',
          network: '127.0.0.0',
        })
        const before = tree.snapshot()
        const session = await open(s)
        await lock(session).catch(() => undefined)
        expect(await closedSoon(session)).toBe(true)
        await expect(open(s)).rejects.toThrow()
        s.device.restoreConfig(before)
        const again = await open(s)
        expect((await again.print('/system/identity'))[0]?.name).toBe('lk')
        await again.close()
      })
    }
  }
})
