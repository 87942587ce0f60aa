import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.ts'
import {
  applianceAddress,
  blockCidr,
  blockCount,
  blockHosts,
  inBlock,
} from '../../../src/overlay/addresses.ts'
import { nftRules } from '../../../src/overlay/forwarding.ts'
import { buildOnboardingScript } from '../../../src/overlay/onboarding-script.ts'
import {
  generateKeyPair,
  isPublicKey,
  openPrivateKey,
  publicKeyOf,
  sealPrivateKey,
} from '../../../src/overlay/overlay-keys.ts'
import { unsupportedReason } from '../../../src/overlay/overlay.service.ts'
import { parseDump } from '../../../src/overlay/wg-dump.ts'

const plan = loadConfig({ OUTPOST_DATA_DIR: '/tmp/x' }).overlay

describe('overlay address plan', () => {
  it('defaults to 100.127.0.0/16 with a /24 per tenant and the appliance at .0.1', () => {
    expect(plan.range.text).toBe('100.127.0.0/16')
    expect(applianceAddress(plan)).toBe('100.127.0.1')
    expect(blockCount(plan)).toBe(255)
    expect(blockCidr(plan, 3)).toBe('100.127.3.0/24')
    const hosts = blockHosts(plan, 3)
    expect([hosts[0], hosts.at(-1), hosts.length]).toEqual(['100.127.3.1', '100.127.3.254', 254])
    expect(inBlock(plan, 3, '100.127.3.9')).toBe(true)
    expect(inBlock(plan, 3, '100.127.4.9')).toBe(false)
  })

  it('rejects ranges with host bits, prefixes that do not fit, bad ports', () => {
    expect(() => loadConfig({ OUTPOST_OVERLAY_RANGE: '100.127.0.1/16' })).toThrow(/OVERLAY_RANGE/)
    expect(() =>
      loadConfig({ OUTPOST_OVERLAY_RANGE: '10.0.0.0/24', OUTPOST_OVERLAY_TENANT_PREFIX: '24' }),
    ).toThrow(/TENANT_PREFIX/)
    expect(() => loadConfig({ OUTPOST_OVERLAY_INTERFACE: 'a name; rm -rf' })).toThrow(/INTERFACE/)
    expect(loadConfig({ OUTPOST_PORT: '0' }).overlay.port).toBe(0)
  })
})

describe('overlay keys', () => {
  it('makes x25519 pairs in WireGuard form and seals the private half', () => {
    const k = generateKeyPair()
    expect(isPublicKey(k.publicKey)).toBe(true)
    expect(publicKeyOf(k.privateKey)).toBe(k.publicKey)
    const master = Buffer.alloc(32, 5)
    const sealed = sealPrivateKey(master, k.privateKey)
    expect(sealed).not.toContain(k.privateKey)
    expect(openPrivateKey(master, sealed)).toBe(k.privateKey)
    expect(() => openPrivateKey(Buffer.alloc(32, 6), sealed)).toThrow()
  })

  it('refuses malformed public keys', () => {
    for (const bad of ['', 'x', 'A'.repeat(44), `${'A'.repeat(42)}B=`, `${'A'.repeat(43)}=`, ' q'])
      expect(isPublicKey(bad)).toBe(false)
  })
})

describe('parseDump', () => {
  it('reads the interface and peers of `wg show dump`', () => {
    const d = parseDump(
      'priv\tPUB\t51820\toff\n' +
        'PEER1\t(none)\t198.18.10.2:13231\t100.127.1.1/32\t1760000000\t3960\t2456\t25\n' +
        'PEER2\t(none)\t(none)\t100.127.1.2/32\t0\t0\t0\toff\n',
    )
    expect(d.publicKey).toBe('PUB')
    expect(d.peers).toEqual([
      {
        publicKey: 'PEER1',
        endpoint: '198.18.10.2:13231',
        allowedIps: ['100.127.1.1/32'],
        latestHandshakeAt: 1760000000000,
        rxBytes: 3960,
        txBytes: 2456,
      },
      {
        publicKey: 'PEER2',
        endpoint: null,
        allowedIps: ['100.127.1.2/32'],
        latestHandshakeAt: null,
        rxBytes: 0,
        txBytes: 0,
      },
    ])
  })
})

describe('onboarding script and rules', () => {
  it('escapes names and quotes into RouterOS strings and never carries a private key', () => {
    const s = buildOnboardingScript({
      deviceName: 'gw "1"\n/system reset-configuration',
      appliancePublicKey: generateKeyPair().publicKey,
      endpointHost: 'vpn.example.net',
      endpointPort: 51820,
      applianceAddress: '100.127.0.1',
      deviceAddress: '100.127.2.7',
      enrollUrl: 'https://vpn.example.net/overlay/enroll/tok',
      apiPorts: [8729, 22, 22],
    })
    expect(s.split('\n').filter((l) => l.startsWith('/system'))).toEqual([])
    expect(s).toContain('dst-port=22,8729')
    expect(s).toContain('address=100.127.2.7/32')
    expect(s).not.toMatch(/private-key/)
  })

  it('allows forwarding only inside a block and drops the rest of the overlay', () => {
    const r = nftRules('outpost-wg', ['100.127.1.0/24'])
    expect(r).toContain('ip saddr 100.127.1.0/24 ip daddr 100.127.1.0/24 accept')
    expect(r.indexOf('accept')).toBeLessThan(r.indexOf('iifname "outpost-wg" drop'))
  })

  it('knows RouterOS 6 has no WireGuard', () => {
    expect(unsupportedReason('6.49.10 (long-term)')).toMatch(/RouterOS 6.49.10.*no WireGuard/)
    expect(unsupportedReason('7.15.3 (stable)')).toBeNull()
    expect(unsupportedReason(null)).toBeNull()
  })
})
