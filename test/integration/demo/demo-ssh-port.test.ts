import ssh2 from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { startDemoFleet, stopDemoFleet, type DemoDevice } from '../../../src/demo/demo-fleet.ts'
import { ensureDemoAdmin, seedDemoDevices } from '../../../src/demo/demo-seed.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

let deps: TestDeps | undefined
let fleet: DemoDevice[] = []
afterEach(async () => {
  await stopDemoFleet(fleet)
  fleet = []
  await deps?.close()
})

function sshExport(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client()
    c.on('error', reject).on('ready', () => {
      c.exec('/export', (err, ch) => {
        if (err) return reject(err)
        let out = ''
        ch.on('data', (d: Buffer) => (out += d.toString('utf8')))
        ch.on('close', () => {
          c.end()
          resolve(out)
        })
      })
    })
    c.connect({ host: '127.0.0.1', port, username: 'admin', password: '', readyTimeout: 5000 })
  })
}

async function sshPorts(d: TestDeps): Promise<Map<string, number>> {
  const rows = await d.unscoped
    .selectFrom('devices')
    .select(['name', 'ssh_port', 'tenant_id'])
    .execute()
  return new Map(rows.map((r) => [r.name + '@' + r.tenant_id, r.ssh_port]))
}

describe('demo devices carry their simulated SSH port', () => {
  it('stores each simulator SSH port and re-points it on the next start', async () => {
    deps = await createTestDeps()
    const admin = await ensureDemoAdmin(deps)
    fleet = await startDemoFleet(3, 3)
    await seedDemoDevices(deps, admin.id, fleet, 60)
    for (const d of fleet) expect(d.sshPort).toBeGreaterThan(0)
    const rows = await deps.unscoped
      .selectFrom('devices')
      .select(['name', 'ssh_port'])
      .orderBy('name')
      .execute()
    expect(rows.map((r) => r.ssh_port).sort()).toEqual(fleet.map((d) => d.sshPort).sort())
    expect(rows.every((r) => r.ssh_port !== 22)).toBe(true)
    // the stored port answers SSH with a RouterOS export (what a backup reads)
    expect(await sshExport(rows[0]?.ssh_port as number)).toMatch(/^# .* by RouterOS /)

    const before = await sshPorts(deps)
    await stopDemoFleet(fleet)
    fleet = await startDemoFleet(3, 3)
    await seedDemoDevices(deps, admin.id, fleet, 60)
    const after = await sshPorts(deps)
    expect([...after.values()].sort()).toEqual(fleet.map((d) => d.sshPort).sort())
    expect(after.size).toBe(before.size)
  })
})
