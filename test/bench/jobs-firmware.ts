// Staged firmware upgrade: `npm run bench -- jobs-firmware`. The built server as `npm start` runs
// it; 100 simulated routers (v6 and v7, API + SSH, reboot taking 2 s) in a child process.
// 1. canary 5, then batches of 20: every device on the latest RouterOS and RouterBOOT;
// 2. a second fleet of 100 whose device 37 fails to download: the rollout halts in that batch and
//    every later device is untouched (still queued, still on its old version).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  api,
  arg,
  ensureBuilt,
  loadAvg,
  rssOf,
  setUpTenant,
  startServer,
  stopServer,
} from './support/outpost-live.ts'
import { addSshDevices, followJob, simProcess } from './support/jobs-live.ts'

const total = arg('devices', 100)
const FAILING = 37
ensureBuilt()
const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-fw-'))
const server = await startServer(dir)
let failed: boolean
const say = (s: string) => process.stdout.write(s + '\n')
try {
  const key = await setUpTenant(server.url, dir)
  const call = api(server.url, key)
  const rollout = async (prefix: string, failing: number) => {
    const sims = await simProcess(
      [
        'test/bench/support/firmware-fleet-child.ts',
        String(total),
        prefix,
        '2000',
        String(failing),
      ],
      total,
    )
    const ids = await addSshDevices(call, sims.devices, 60)
    const t0 = performance.now()
    const res = await call('POST', '/jobs', {
      kind: 'firmware',
      targets: { deviceIds: ids },
      firmware: { rebootTimeoutS: 60, routerboard: true },
      canary: 5,
      canaryAuto: true,
      concurrency: 20,
      confirmTargets: ids.length,
    })
    if (res.status !== 201) throw new Error(`job answered ${res.status}: ${await res.text()}`)
    const { job } = await followJob(
      call,
      server.url,
      ((await res.json()) as { job: { id: string } }).job.id,
      60,
      1_200_000,
    )
    return { job, s: (performance.now() - t0) / 1000, sims }
  }
  say(`1. ${total} routers, canary 5, batches of 20; load ${loadAvg()}`)
  const a = await rollout('fw', -1)
  const upgraded = a.job.targets.filter(
    (t) => t.state === 'succeeded' && t.afterVersion !== null && t.afterVersion !== t.beforeVersion,
  ).length
  say(
    `   ${a.job.state}: ${a.job.counts.succeeded} succeeded (${upgraded} changed version), ${a.job.counts.failed} failed in ${a.s.toFixed(1)} s; load ${loadAvg()}`,
  )
  const ok1 = a.job.state === 'succeeded' && a.job.counts.succeeded === total
  say(`   ${ok1 ? 'ok' : 'MISSED'}`)
  a.sims.child.kill('SIGTERM')

  say(`2. ${total} routers, device ${FAILING} fails to download`)
  const b = await rollout('fwbad', FAILING)
  const bad = b.job.targets[FAILING]
  const later = b.job.targets.slice(Math.ceil((FAILING - 5 + 1) / 20) * 20 + 5)
  say(
    `   ${b.job.state} in ${b.s.toFixed(1)} s: ${bad?.deviceName} ${bad?.state}: ${bad?.error ?? ''}`,
  )
  say(
    `   ${b.job.counts.succeeded} succeeded before the halt; ${later.filter((t) => t.state === 'queued').length} of ${later.length} later devices untouched (queued)`,
  )
  const ok2 =
    b.job.state === 'halted' && bad?.state === 'failed' && later.every((t) => t.state === 'queued')
  say(`   ${ok2 ? 'ok' : 'MISSED'}`)
  b.sims.child.kill('SIGTERM')
  const r = rssOf(server.pid)
  say(
    `server RSS ${r.rss.toFixed(0)} MB (anon ${r.anon.toFixed(0)}, file ${r.file.toFixed(0)}); load ${loadAvg()}`,
  )
  failed = !ok1 || !ok2
} finally {
  await stopServer(server)
  rmSync(dir, { recursive: true, force: true })
}
if (failed) process.exit(1)
