// Several processes (issue 20): a discovery scan runs in the process that started it. Another
// process must neither call it interrupted (what it does with a scan whose process restarted)
// nor start an overlapping scan while that process lives; once the scan's claim is gone (its
// process died), the scan is settled as interrupted there too. Cancel clicked on another process
// stops the scan where it runs (scans of loopback addresses only, slowed to 5 probes a second).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { insertScan } from '../../../src/discovery/discovery.repo.ts'
import { cancelScan, getScan, startScan } from '../../../src/discovery/discovery.service.ts'
import { newId } from '../../../src/lib/ids.ts'
import { workClaimsFor } from '../../../src/lib/work-claim.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import type { TestDeps } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'
import { clusterApps, type ClusterApps } from './cluster-apps.ts'

let apps: ClusterApps
let a: RunningOutpost
let b: RunningOutpost
beforeAll(async () => {
  apps = await clusterApps()
  const slow = { OUTPOST_DISCOVERY_RATE: '5' }
  a = await startOutpost({ ...apps.env(), ...slow }, { logDestination: apps.dest })
  b = await startOutpost(
    { ...apps.env(), ...slow },
    { logDestination: apps.dest, initialAdmin: false },
  )
}, 60_000)
afterAll(async () => {
  await b?.stop()
  await a?.stop()
  apps?.close()
})

it('leaves a scan of a live process running, refuses overlapping it, and settles it once its process is gone', async () => {
  const tenantId = (await makeTenant(a.deps as TestDeps, 'scan-co')).id
  const scope = forTenant(a.deps.kysely, tenantId)
  const actor = { kind: 'user' as const, id: 'U1', name: 'alice', ip: null }
  const ctxB = { deps: b.deps, scope: forTenant(b.deps.kysely, tenantId), actor }
  const running = async (cidr: string, first: number, last: number) => {
    const id = newId()
    await insertScan(scope, {
      id,
      cidr,
      first_ip: first,
      last_ip: last,
      ports_json: '[8728]',
      state: 'running',
      total: last - first + 1,
      note: null,
      created_by_name: 'alice',
      created_at: Date.now() - 60_000, // past the grace a just-started scan gets
      finished_at: null,
    })
    return id
  }
  const base = (127 << 24) + (0 << 16) + (99 << 8) // 127.0.99.0: loopback only
  const onA = await running('127.0.99.0/24', base + 1, base + 254)
  const orphan = await running('127.0.98.0/24', base - 255, base - 2)
  // what the runner of A does when it starts a scan
  const claimsA = workClaimsFor(a.deps.kysely)
  expect(await claimsA.claimOnce('discovery.scan', onA, 3600_000)).toBe(true)

  expect((await getScan(ctxB, onA)).state).toBe('running')
  expect((await getScan(ctxB, orphan)).state).toBe('interrupted')
  await expect(startScan(ctxB, { cidr: '127.0.99.0/25' })).rejects.toMatchObject({
    status: 409,
    code: 'scan_overlaps',
  })
  // A dies mid-scan (its node marked stopped, as the cluster sees a dead process): B settles it
  apps.pg.psql(
    `UPDATE cluster_nodes SET stopped_at = 1 WHERE id = (SELECT node_id FROM work_claims WHERE kind = 'discovery.scan' AND key = '${onA}')`,
    'outpost',
  )
  expect((await getScan(ctxB, onA)).state).toBe('interrupted')
}, 60_000)

it('stops a scan running on A when Cancel is clicked on B', async () => {
  const tenantId = (await makeTenant(a.deps as TestDeps, 'cancel-co')).id
  const actor = { kind: 'user' as const, id: 'U1', name: 'alice', ip: null }
  const ctxA = { deps: a.deps, scope: forTenant(a.deps.kysely, tenantId), actor }
  const ctxB = { deps: b.deps, scope: forTenant(b.deps.kysely, tenantId), actor }
  // 254 loopback addresses at 5 a second: about 50 s, unless cancelled
  const scan = await startScan(ctxA, { cidr: '127.0.97.0/24', ports: [9] })
  expect(scan.state).toBe('running')
  const started = performance.now()
  const after = await cancelScan(ctxB, scan.id)
  expect(after.state).toBe('cancelled')
  expect(performance.now() - started).toBeLessThan(10_000)
}, 60_000)
