// Discovery scans: `npm run bench -- discovery`. The built server as `npm start` runs it, with
// BENCH_POLLED simulated routers polled every BENCH_POLL_S seconds (simulator CLI in a child
// process). 1) A /24 with one simulated router per address (127.20.50.0/24, API on 8728, its own
// process): target under 30 s. 2) A /16 with nothing there (127.200.0.0/16: loopback, every probe
// refused) with the default limits: target under 10 minutes, with the poller on time throughout
// (every device's last poll at most interval + 5 s old). Every address probed is on loopback.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addDevices,
  api,
  arg,
  ensureBuilt,
  loadAvg,
  ROOT,
  rssOf,
  setUpTenant,
  startHealthyFleet,
  startServer,
  stopServer,
  stopSim,
  type SimProcess,
} from './support/outpost-live.ts'
import { pollerOnTime } from './support/jobs-live.ts'
import { Browser } from '../support/http-browser.ts'

const polled = arg('polled', 100)
const pollS = arg('poll-s', 10)

interface Scan {
  id: string
  state: string
  probed: number
  total: number
  found: number
}

/** Scans are for tenant admins (API keys stop at operator): the tenant admin's signed-in session. */
async function adminSession(url: string) {
  const b = new Browser(url)
  await b.req('POST', '/login', {
    form: {
      username: 'bench-admin',
      password: 'bench passphrase for the soak',
      _csrf: await b.token('/login'),
    },
  })
  const csrf = await b.token('/discovery')
  return async (cidr: string) =>
    b.req('POST', '/api/v1/discovery/scans', { json: { cidr } }, { 'X-CSRF-Token': csrf })
}

async function runScan(
  call: ReturnType<typeof api>,
  scanAs: (cidr: string) => Promise<Response>,
  url: string,
  cidr: string,
) {
  const t0 = performance.now()
  const res = await scanAs(cidr)
  if (res.status !== 202) throw new Error(`scan answered ${res.status}: ${await res.text()}`)
  let scan = ((await res.json()) as { scan: Scan }).scan
  let worst = 1
  let lastSample = 0
  while (scan.state === 'running') {
    await new Promise((r) => setTimeout(r, 500))
    scan = ((await (await call('GET', `/discovery/scans/${scan.id}`)).json()) as { scan: Scan })
      .scan
    if (performance.now() - lastSample > 5000) {
      lastSample = performance.now()
      const p = await pollerOnTime(url, pollS)
      worst = Math.min(worst, p.total === 0 ? 1 : p.onTime / p.total)
    }
  }
  return { scan, s: (performance.now() - t0) / 1000, worst }
}

ensureBuilt()
const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-discovery-'))
const server = await startServer(dir, { OUTPOST_MNDP_PORT: '0' })
const sims: SimProcess[] = []
let failed: boolean
try {
  const call = api(server.url, await setUpTenant(server.url, dir))
  const scanAs = await adminSession(server.url)
  const fleet = await startHealthyFleet(polled)
  sims.push(fleet)
  await addDevices(call, fleet.devices, pollS)
  const child = spawn(
    process.execPath,
    [
      'src/sim/cli.ts',
      '--devices',
      '254',
      '--host-range',
      '127.20.50.1',
      '--base-port',
      '8728',
    ].concat(['--services', 'api', '--per-process', '127']),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const ready = await new Promise<number>((ok) => {
    let n = 0
    child.stdout.on('data', (d: Buffer) => {
      n += String(d)
        .split('\n')
        .filter((l) => l.startsWith('{')).length
      if (n >= 254) ok(n)
    })
  })
  sims.push({ child, devices: [] })
  for (let i = 0; i < 60; i++) {
    const p = await pollerOnTime(server.url, pollS)
    if (p.total === polled && p.onTime === polled) break
    await new Promise((r) => setTimeout(r, 1000))
  }
  process.stdout.write(
    `${ready} routers on 127.20.50.0/24, ${polled} polled every ${pollS} s; load ${loadAvg()}\n`,
  )
  const a = await runScan(call, scanAs, server.url, '127.20.50.0/24')
  process.stdout.write(
    `/24: ${a.scan.state}, ${a.scan.found}/${a.scan.total} found in ${a.s.toFixed(1)} s (target < 30 s); load ${loadAvg()}\n`,
  )
  const list = (await (await call('GET', '/discovery/candidates')).json()) as {
    candidates: { routeros: string | null }[]
  }
  const identified = list.candidates.filter((c) => c.routeros === 'API answered').length
  process.stdout.write(`identified as RouterOS by the API: ${identified}\n`)
  const b = await runScan(call, scanAs, server.url, '127.200.0.0/16')
  const r = rssOf(server.pid)
  process.stdout.write(
    `/16: ${b.scan.state}, ${b.scan.probed}/${b.scan.total} probed, ${b.scan.found} found in ${b.s.toFixed(1)} s (target < 600 s); load ${loadAvg()}\n`,
  )
  process.stdout.write(
    `poller during the /16: worst sample ${(b.worst * 100).toFixed(1)} % on time (target 100 %); server RSS ${r.rss} kB (anon ${r.anon}, file ${r.file})\n`,
  )
  failed =
    a.scan.found !== 254 || a.s >= 30 || b.scan.state !== 'succeeded' || b.s >= 600 || b.worst < 1
} finally {
  for (const s of sims) await stopSim(s)
  await stopServer(server)
  rmSync(dir, { recursive: true, force: true })
}
if (failed) process.exit(1)
