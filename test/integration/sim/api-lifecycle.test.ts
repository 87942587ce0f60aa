import { describe, expect, it } from 'vitest'
import { ManualClock, simCertificate, startDevice } from '../../../src/sim/index.ts'
import { attrs, rows, Wire } from './api-wire.ts'

const quiet = { services: { ssh: false } }

describe('simulator lifecycle over the API', () => {
  it('reboot drops connections, comes back after the delay with counters and uptime reset', async () => {
    const clock = new ManualClock()
    const sim = await startDevice({
      ...quiet,
      persona: 'rb5009-7.15',
      clock,
      rebootDelayMs: 20_000,
    })
    clock.advance(3_600_000)
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    const before = rows(await w.call('/interface/print', '?name=ether1'))[0]
    expect(BigInt(before?.['rx-byte'] ?? '0')).toBeGreaterThan(0n)
    w.send('/system/reboot')
    expect(await w.next()).toEqual(['!done'])
    await w.whenClosed()
    expect(sim.device.state).toBe('rebooting')
    const up = sim.waitUntilUp()
    clock.advance(20_000)
    await up
    const w2 = await Wire.connect(sim.apiPort)
    await w2.login()
    expect(rows(await w2.call('/system/resource/print'))[0]?.uptime).toBe('0s')
    clock.advance(60_000)
    const after = rows(await w2.call('/interface/print', '?name=ether1'))[0]
    expect(BigInt(after?.['rx-byte'] ?? '0')).toBeLessThan(BigInt(before?.['rx-byte'] ?? '0'))
    w2.close()
    await sim.close()
  })

  it('a scheduler job loads the backup and reverts an unconfirmed change (dead man switch)', async () => {
    const clock = new ManualClock(Date.UTC(2025, 5, 1, 10, 0, 0))
    const sim = await startDevice({ ...quiet, persona: 'hap-ac-6.49', clock, rebootDelayMs: 5000 })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    await w.call('/system/backup/save', '=name=pre-change', '=dont-encrypt=yes')
    await w.call(
      '/system/scheduler/add',
      '=name=auto-revert',
      '=start-date=jun/01/2025',
      '=start-time=10:05:00',
      '=interval=0',
      '=on-event=/system backup load name=pre-change.backup password=""',
    )
    await w.call('/system/identity/set', '=name=changed')
    expect(rows(await w.call('/system/identity/print'))[0]?.name).toBe('changed')
    clock.advance(4 * 60_000)
    expect(sim.device.state).toBe('up')
    clock.advance(60_000)
    expect(sim.device.state).toBe('rebooting')
    await w.whenClosed()
    const up = sim.waitUntilUp()
    clock.advance(5000)
    await up
    const w2 = await Wire.connect(sim.apiPort)
    await w2.login()
    expect(rows(await w2.call('/system/identity/print'))[0]?.name).not.toBe('changed')
    expect(rows(await w2.call('/system/scheduler/print'))).toEqual([])
    const log = rows(await w2.call('/log/print')).map((r) => r.message)
    expect(log).toContain('configuration backup loaded by admin')
    w2.close()
    await sim.close()
  })

  it('safe mode rolls back when the owning session drops, and keeps changes on release', async () => {
    const sim = await startDevice({ ...quiet, persona: 'chr-7.18' })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    expect(await w.call('/safe-mode/take')).toEqual([['!done']])
    await w.call('/system/identity/set', '=name=risky')
    const other = await Wire.connect(sim.apiPort)
    await other.login()
    expect((await other.call('/safe-mode/take'))[0]?.[0]).toBe('!trap')
    w.close()
    await new Promise((r) => setTimeout(r, 50))
    expect(rows(await other.call('/system/identity/print'))[0]?.name).not.toBe('risky')
    await other.call('/safe-mode/take')
    await other.call('/system/identity/set', '=name=kept')
    await other.call('/safe-mode/release')
    other.close()
    await new Promise((r) => setTimeout(r, 50))
    expect(sim.device.identity).toBe('kept')
    await sim.close()
  })

  it('has no /safe-mode before 7.18', async () => {
    const sim = await startDevice({ ...quiet, persona: 'rb5009-7.15' })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    expect((await w.call('/safe-mode/take'))[0]).toEqual([
      '!trap',
      '=category=0',
      '=message=no such command prefix',
    ])
    w.close()
    await sim.close()
  })

  it('check-for-updates then install reboots into the new version', async () => {
    const clock = new ManualClock()
    const sim = await startDevice({ ...quiet, persona: 'rb5009-7.15', clock, rebootDelayMs: 1000 })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    const check = rows(await w.call('/system/package/update/check-for-updates'))
    expect(check.at(-1)).toMatchObject({
      'installed-version': '7.15.3',
      'latest-version': '7.18.2',
      status: 'New version is available',
    })
    w.send('/system/package/update/install')
    await w.whenClosed()
    const up = sim.waitUntilUp()
    clock.advance(1000)
    await up
    expect(sim.version).toBe('7.18.2')
    const w2 = await Wire.connect(sim.apiPort)
    await w2.login()
    expect(rows(await w2.call('/system/resource/print'))[0]?.version).toBe('7.18.2 (stable)')
    expect(await w2.call('/system/health/print', '?name=nothing')).toEqual([['!empty'], ['!done']])
    w2.close()
    await sim.close()
  })

  it('imports an .rsc file from /file', async () => {
    const sim = await startDevice({ ...quiet, persona: 'rb5009-7.15' })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    await w.call(
      '/file/add',
      '=name=change.rsc',
      '=contents=/ip address\nadd address=10.44.0.1/24 interface=ether5 comment=imported\n',
    )
    expect(await w.call('/import', '=file-name=change.rsc')).toEqual([['!done']])
    expect(rows(await w.call('/ip/address/print', '?comment=imported'))).toHaveLength(1)
    w.close()
    await sim.close()
  })
})

describe('streaming prints', () => {
  it('print =interval= re-prints on the device clock until /cancel', async () => {
    const clock = new ManualClock()
    const sim = await startDevice({ ...quiet, persona: 'chr-7.18', clock })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    w.send('/system/resource/print', '=interval=10s', '=.proplist=uptime', '.tag=i')
    expect(await w.next()).toEqual(['!re', '=uptime=0s', '.tag=i'])
    clock.advance(10_000)
    expect(await w.next()).toEqual(['!re', '=uptime=10s', '.tag=i'])
    clock.advance(10_000)
    expect(await w.next()).toEqual(['!re', '=uptime=20s', '.tag=i'])
    w.send('/cancel', '.tag=c')
    expect((await w.untilDone('i')).map((x) => x[0])).toEqual(['!trap', '!done', '!done'])
    clock.advance(10_000)
    await expect(w.next(100)).rejects.toThrow('no sentence')
    w.close()
    await sim.close()
  })

  it('/log/print =follow-only= streams new entries', async () => {
    const sim = await startDevice({ ...quiet, persona: 'rb5009-7.15' })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    w.send('/log/print', '=follow-only=', '.tag=f')
    const other = await Wire.connect(sim.apiPort)
    await other.login()
    await other.call('/log/info', '=message=hello from test')
    let hit: Record<string, string> | undefined
    while (!hit) {
      const s = await w.next()
      const a = attrs(s ?? [])
      if (a.message === 'hello from test') hit = a
    }
    expect(hit.topics).toBe('script,info')
    for (const c of [w, other]) c.close()
    await sim.close()
  })
})

describe('API-SSL', () => {
  it('serves TLS with the self-signed certificate (fingerprint pinnable)', async () => {
    const sim = await startDevice({
      ...quiet,
      persona: 'chr-7.18',
      services: { api: false, ssh: false },
    })
    const w = await Wire.connect(sim.apiSslPort, { tls: { rejectUnauthorized: false } })
    const peer = (w.socket as import('node:tls').TLSSocket).getPeerX509Certificate()
    expect(peer?.fingerprint256).toBe(simCertificate().fingerprint256)
    expect(await w.login()).toEqual([['!done']])
    expect(attrs((await w.call('/system/identity/print'))[0] ?? []).name).toBe('MikroTik')
    w.close()
    await sim.close()
  })

  it('serves certificate-less anonymous DH with ADH:@SECLEVEL=0 and TLS 1.2', async () => {
    const sim = await startDevice({
      ...quiet,
      persona: 'rb5009-7.15',
      apiSslMode: 'adh',
      services: { api: false, ssh: false },
    })
    const w = await Wire.connect(sim.apiSslPort, {
      tls: { ciphers: 'ADH:@SECLEVEL=0', maxVersion: 'TLSv1.2', rejectUnauthorized: false },
    })
    expect((w.socket as import('node:tls').TLSSocket).getCipher().name).toMatch(/^ADH-/)
    expect(await w.login()).toEqual([['!done']])
    w.close()
    await expect(
      Wire.connect(sim.apiSslPort, { tls: { rejectUnauthorized: false } }),
    ).rejects.toThrow()
    await sim.close()
  })
})
