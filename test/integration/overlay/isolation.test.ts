// Tenant isolation through the appliance, with real traffic: an "appliance" namespace running
// wireguard-go (through src/overlay's wrapper) with forwarding on, and three router namespaces
// whose tunnels route the whole overlay range to it. Without the rules a router of tenant 1
// reaches tenant 2's router through the appliance (the control); with them it cannot, while it
// still reaches the appliance and its own tenant's routers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyIsolation, detectFirewall, removeIsolation } from '../../../src/overlay/forwarding.ts'
import { generateKeyPair } from '../../../src/overlay/overlay-keys.ts'
import { bringUp, setPeer, type WgInterface } from '../../../src/overlay/wg-host.ts'
import { NetnsLab, requireOverlayTools } from '../../support/overlay-netns.ts'
import { startPeer } from '../../support/overlay-wg.ts'

const lab = new NetnsLab('i')
let app: string
const routers = [
  { suffix: 'r1', address: '100.127.1.1', underlay: 1 },
  { suffix: 'r2', address: '100.127.2.1', underlay: 2 },
  { suffix: 'r3', address: '100.127.1.2', underlay: 3 },
] as const
const ns: Record<string, string> = {}
const ifaces: WgInterface[] = []
// interface names are global for wireguard-go (its socket path), so they carry the pid too
const WG = `ovl${process.pid}a`

beforeAll(async () => {
  requireOverlayTools()
  app = lab.ns('a')
  lab.exec(app, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'])
  const appKeys = generateKeyPair()
  ifaces.push(
    await bringUp(
      { netns: app },
      { name: WG, privateKey: appKeys.privateKey, port: 51820, addressCidr: '100.127.0.1/16' },
    ),
  )
  for (const r of routers) {
    const name = lab.ns(r.suffix)
    ns[r.suffix] = name
    lab.link(app, `198.18.${r.underlay}.1/24`, name, `198.18.${r.underlay}.2/24`, r.suffix)
    const keys = generateKeyPair()
    await setPeer({ netns: app }, WG, keys.publicKey, `${r.address}/32`)
    ifaces.push(
      await startPeer(lab, {
        ns: name,
        name: `ovl${process.pid}${r.suffix}`,
        privateKey: keys.privateKey,
        listenPort: 13231,
        address: r.address,
        // a hostile or careless router routes the whole range into its tunnel
        peer: {
          publicKey: appKeys.publicKey,
          endpoint: `198.18.${r.underlay}.1:51820`,
          allowedIps: '100.127.0.0/16',
          keepalive: 1,
        },
      }),
    )
    await lab.tcpServer(name, r.address, 8728)
  }
  await lab.tcpServer(app, '100.127.0.1', 8728)
}, 60_000)

afterAll(async () => {
  for (const i of ifaces) await i.down()
  await lab.cleanup()
})

async function reachMatrix(): Promise<Record<string, boolean>> {
  const from = ns.r1 ?? ''
  return {
    appliance: await lab.reach(from, '100.127.0.1', 8728, 3000),
    sameTenant: await lab.reach(from, '100.127.1.2', 8728, 3000),
    otherTenant: await lab.reach(from, '100.127.2.1', 8728, 3000),
  }
}

describe('tenant isolation through the appliance', () => {
  it('forwards between tenants without rules (the control)', async () => {
    expect(await reachMatrix()).toEqual({ appliance: true, sameTenant: true, otherTenant: true })
  })

  for (const tool of ['nft', 'iptables'] as const) {
    it(`blocks another tenant's block with ${tool} rules, keeps the appliance and the own block`, async () => {
      expect(await detectFirewall({ netns: app })).toBe('nft')
      await applyIsolation({ netns: app }, tool, WG, ['100.127.1.0/24', '100.127.2.0/24'])
      try {
        expect(await reachMatrix()).toEqual({
          appliance: true,
          sameTenant: true,
          otherTenant: false,
        })
        // and the other way round
        expect(await lab.reach(ns.r2 ?? '', '100.127.1.1', 8728, 3000)).toBe(false)
      } finally {
        await removeIsolation({ netns: app }, tool, WG)
      }
      expect(await reachMatrix()).toMatchObject({ otherTenant: true })
    }, 30_000)
  }
})
