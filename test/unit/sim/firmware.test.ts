// The simulator's upgrade path, v6 and v7: check, download, install on reboot, RouterBOOT, faults.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'

const ctx = (dev: SimRouter) => ({
  user: 'admin',
  policies: new Set(['read', 'write', 'reboot', 'policy', 'test', 'sensitive']),
  session: dev.openSession({
    user: 'admin',
    group: 'full',
    via: 'api',
    address: '127.0.0.1',
    policies: new Set(['read', 'write', 'reboot']),
  }),
})
const run = (dev: SimRouter, path: string, verb: string) => {
  const r = dev.exec(path, verb, {}, ctx(dev) as never)
  r.after?.()
  return r
}
const pkg = (dev: SimRouter) => run(dev, '/system/package/update', 'print').rows?.[0]
const rb = (dev: SimRouter) => run(dev, '/system/routerboard', 'print').rows?.[0]

describe.each([
  ['hap-ac-6.49', '6.49.10', '6.49.17'],
  ['rb5009-7.15', '7.15.3', undefined],
])('%s', (persona, from, to) => {
  it('checks, downloads, installs on reboot, then upgrades RouterBOOT on the next reboot', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const dev = new SimRouter({ persona, clock, rebootDelayMs: 1000 })
    const latest = to ?? dev.latestVersion
    run(dev, '/system/package/update', 'check-for-updates')
    expect(pkg(dev)).toMatchObject({
      'installed-version': from,
      'latest-version': latest,
      status: 'New version is available',
    })
    run(dev, '/system/package/update', 'download')
    expect(pkg(dev)?.status).toBe('Downloaded, please reboot router to upgrade it')
    run(dev, '/system', 'reboot')
    clock.advance(1000)
    expect(dev.version).toBe(latest)
    expect(rb(dev)).toMatchObject({ 'upgrade-firmware': latest })
    expect(rb(dev)?.['current-firmware']).not.toBe(latest)
    run(dev, '/system/routerboard', 'upgrade')
    run(dev, '/system', 'reboot')
    clock.advance(1000)
    expect(rb(dev)?.['current-firmware']).toBe(latest)
  })

  it('models a failed download, a router that does not come back and one that keeps the old version', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const dev = new SimRouter({ persona, clock, rebootDelayMs: 1000 })
    dev.faults.set({ downloadFails: true })
    expect(() => run(dev, '/system/package/update', 'download')).toThrow(/could not download/)
    expect(pkg(dev)?.status).toBe('ERROR: could not download package')
    dev.faults.set({ downloadFails: false, keepsOldVersion: true })
    run(dev, '/system/package/update', 'install')
    clock.advance(1000)
    expect(dev.state).toBe('up')
    expect(dev.version).toBe(from)
    dev.faults.set({ staysDown: true })
    run(dev, '/system', 'reboot')
    clock.advance(60_000)
    expect(dev.state).toBe('rebooting')
  })
})
