// Fleet jobs, bulk command: `npm run bench -- jobs-command`. The built server as `npm start` runs
// it, 1,000 simulated routers (API + SSH, simulator CLI in child processes) polled every 60 s; one
// read-only command (`/system identity print`) on all of them at concurrency 20 through
// POST /api/v1/jobs. Target: done in under 2 minutes with the poller on time (every device's last
// poll at most interval + 5 s old). Knobs: BENCH_DEVICES, BENCH_POLL_S, BENCH_CONCURRENCY.
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
import { addSshDevices, followJob, pollerOnTime, simProcess } from './support/jobs-live.ts'

const total = arg('devices', 1000)
const pollS = arg('poll-s', 60)
const concurrency = arg('concurrency', 20)
ensureBuilt()
const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-jobs-'))
const server = await startServer(dir)
let failed: boolean
try {
  const key = await setUpTenant(server.url, dir)
  const call = api(server.url, key)
  const t0 = performance.now()
  const sims = await simProcess(
    [
      'src/sim/cli.ts',
      '--devices',
      String(total),
      '--services',
      'api,ssh',
      '--per-process',
      '250',
      '--persona',
      'rb5009-7.15,hap-ac-6.49,chr-7.18,hap-ax3-7.18',
    ],
    total,
  )
  process.stdout.write(
    `${total} simulated routers (API + SSH) in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${loadAvg()}\n`,
  )
  await addSshDevices(call, sims.devices, pollS)
  // the first round of polls, so "on time" means something
  for (let i = 0; i < 120; i++) {
    const p = await pollerOnTime(server.url, pollS)
    if (p.total === total && p.onTime === total) break
    await new Promise((r) => setTimeout(r, 1000))
  }
  const before = await pollerOnTime(server.url, pollS)
  process.stdout.write(
    `poller before the job: ${before.onTime}/${before.total} on time; load ${loadAvg()}\n`,
  )
  const j0 = performance.now()
  const res = await call('POST', '/jobs', {
    kind: 'command',
    command: '/system identity print',
    targets: { all: true },
    concurrency,
  })
  if (res.status !== 201) throw new Error(`job answered ${res.status}: ${await res.text()}`)
  const jobId = ((await res.json()) as { job: { id: string } }).job.id
  const { job, worstOnTime } = await followJob(call, server.url, jobId, pollS, 600_000)
  const s = (performance.now() - j0) / 1000
  const durations = job.targets.map((t) => t.durationMs ?? 0).sort((a, b) => a - b)
  const pct = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0
  const r = rssOf(server.pid)
  process.stdout.write(
    `job ${job.state}: ${job.counts.succeeded} succeeded, ${job.counts.failed} failed of ${job.counts.total} in ${s.toFixed(1)} s (target < 120 s)\n`,
  )
  process.stdout.write(`per target: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms\n`)
  process.stdout.write(
    `poller during the job: worst sample ${(worstOnTime * 100).toFixed(1)} % of devices on time (target 100 %)\n`,
  )
  process.stdout.write(
    `server RSS ${r.rss.toFixed(0)} MB (anon ${r.anon.toFixed(0)}, file ${r.file.toFixed(0)}); load ${loadAvg()}\n`,
  )
  failed = job.state !== 'succeeded' || s >= 120 || worstOnTime < 0.99
  process.stdout.write(failed ? 'MISSED\n' : 'ok\n')
  sims.child.kill('SIGTERM')
} finally {
  await stopServer(server)
  rmSync(dir, { recursive: true, force: true })
}
if (failed) process.exit(1)
