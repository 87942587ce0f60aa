import { describe, expect, it } from 'vitest'
import { parseMndp } from '../../../src/discovery/mndp-parse.ts'
import { encodeMndp, type MndpInfo } from '../../../src/sim/mndp.ts'

const info: MndpInfo = {
  mac: '74:4D:28:01:02:03',
  identity: 'edge-01',
  version: '7.15.3 (stable)',
  platform: 'MikroTik',
  uptime: 5596,
  softwareId: 'H792-MXJ3',
  board: 'RB5009UPr+S+',
  interfaceName: 'bridge/ether2',
  ipv4: '127.20.0.9',
  ipv6: 'fe80::764d:28ff:fe01:203',
}

function tlv(type: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4)
  h.writeUInt16BE(type, 0)
  h.writeUInt16BE(value.length, 2)
  return Buffer.concat([h, value])
}

describe('parseMndp', () => {
  it('reads every field of the simulator announcement (uptime little-endian)', () => {
    const r = parseMndp(encodeMndp(info))
    expect(r).toEqual({
      ok: true,
      value: {
        mac: '74:4D:28:01:02:03',
        identity: 'edge-01',
        version: '7.15.3 (stable)',
        platform: 'MikroTik',
        uptimeS: 5596,
        softwareId: 'H792-MXJ3',
        board: 'RB5009UPr+S+',
        interfaceName: 'bridge/ether2',
        ipv4: '127.20.0.9',
        ipv6: 'fe80:0:0:0:764d:28ff:fe01:203',
      },
    })
  })
  it('skips field types it does not know', () => {
    const pkt = Buffer.concat([encodeMndp(info), tlv(99, Buffer.from('future'))])
    expect(parseMndp(pkt).ok).toBe(true)
  })
  it('refuses every truncation of a real announcement', () => {
    const pkt = encodeMndp(info)
    const full = parseMndp(pkt)
    expect(full.ok).toBe(true)
    let accepted = 0
    for (let n = 0; n < pkt.length; n++) if (parseMndp(pkt.subarray(0, n)).ok) accepted++
    // cutting exactly between two fields leaves a shorter, valid packet: only those may pass
    expect(accepted).toBeLessThan(12)
    expect(parseMndp(pkt.subarray(0, pkt.length - 1))).toEqual({
      ok: false,
      reason: 'truncated field 17',
    })
  })
  it.each([
    ['a discovery request (header only)', Buffer.alloc(4), /no fields/],
    ['no MAC', Buffer.concat([Buffer.alloc(4), tlv(5, Buffer.from('x'))]), /no MAC/],
    [
      'a 5-byte MAC',
      Buffer.concat([Buffer.alloc(4), tlv(1, Buffer.alloc(5, 2))]),
      /5 bytes, not 6/,
    ],
    [
      'a multicast MAC',
      Buffer.concat([Buffer.alloc(4), tlv(1, Buffer.from([1, 0, 0x5e, 0, 0, 1]))]),
      /unicast/,
    ],
    [
      'a repeated identity',
      Buffer.concat([encodeMndp(info), tlv(5, Buffer.from('evil'))]),
      /field 5 repeated/,
    ],
    [
      'an identity with a control character',
      Buffer.concat([
        Buffer.alloc(4),
        tlv(1, Buffer.from([2, 0, 0, 0, 0, 1])),
        tlv(5, Buffer.from('a\u001b[31mb')),
      ]),
      /not clean text/,
    ],
    [
      'an identity that is not UTF-8',
      Buffer.concat([
        Buffer.alloc(4),
        tlv(1, Buffer.from([2, 0, 0, 0, 0, 1])),
        tlv(5, Buffer.from([0xff, 0xfe])),
      ]),
      /not clean text/,
    ],
    [
      'a 3-byte IPv4 address',
      Buffer.concat([encodeMndp({ ...info, ipv4: undefined }), tlv(17, Buffer.alloc(3))]),
      /17 has 3 bytes/,
    ],
    ['an oversized datagram', Buffer.alloc(2000), /oversized/],
  ])('refuses %s', (_name, pkt, reason) => {
    const r = parseMndp(pkt)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(reason)
  })
})
