// Soak: the built server as `npm start` runs it, 300 simulated routers of which 10 % misbehave
// (README "Fault injection": stalls, refused, slow, endless rows/sentence, huge words, garbage, …),
// for BENCH_MINUTES (default 20). Every 10 s: the server's RSS split into anonymous and file-backed
// (/proc/PID/status), and from /metrics (OUTPOST_METRICS_TOKEN) whether each healthy device had a
// finished poll within its interval + 5 s ("on time"). Fails if the server dies or stops answering.
// Knobs (environment, since `npm run bench` passes no arguments): BENCH_MINUTES, BENCH_DEVICES,
// BENCH_FAULTY_PERCENT, BENCH_POLL_S.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addDevices,
  api,
  arg,
  ensureBuilt,
  loadAvg,
  METRICS_TOKEN,
  rssOf,
  setUpTenant,
  startFaultyFleet,
  startHealthyFleet,
  startServer,
  stopServer,
  stopSim,
} from './support/outpost-live.ts'

const minutes = arg('minutes', 20)
const total = arg('devices', 300)
const faultyN = Math.round((total * arg('faulty-percent', 10)) / 100)
const pollS = arg('poll-s', 30)
const SAMPLE_MS = 10_000
const log = (s: string) => process.stdout.write(`${s}\n`)

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-soak-'))
const [healthy, faulty] = await Promise.all([
  startHealthyFleet(total - faultyN),
  startFaultyFleet(faultyN),
])
const server = await startServer(dataDir)
const key = await setUpTenant(server.url, dataDir)
const call = api(server.url, key)
await addDevices(call, [...healthy.devices, ...faulty.devices], pollS)
const healthyNames = new Set(healthy.devices.map((d) => d.name))
log(
  `soak: ${total} devices (${faultyN} faulty), poll every ${pollS} s, ${minutes} min; server pid ${server.pid}, load ${loadAvg()}`,
)

interface Sample {
  t: number
  rss: number
  anon: number
  file: number
  onTime: number
  healthySeen: number
  maxAge: number
  load: string
  healthMs: number
}
const samples: Sample[] = []
const lateDevices = new Set<string>()
let failure = ''
const t0 = Date.now()
const warmupMs = (pollS + 20) * 1000

async function sample(): Promise<void> {
  const r = rssOf(server.pid)
  const h0 = performance.now()
  const health = await fetch(server.url + '/health')
  const healthMs = performance.now() - h0
  if (health.status !== 200) failure ||= `/health answered ${health.status}`
  const text = await (
    await fetch(server.url + '/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text()
  const up = new Map<string, number>()
  const age = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m =
      /^(outpost_device_up|outpost_device_last_poll_age_seconds)\{.*device="([^"]+)".*\} ([\d.e+-]+)$/.exec(
        line,
      )
    if (!m) continue
    ;(m[1] === 'outpost_device_up' ? up : age).set(m[2] as string, Number(m[3]))
  }
  let onTime = 0
  let seen = 0
  let maxAge = 0
  for (const name of healthyNames) {
    seen++
    const a = age.get(name) ?? Infinity
    maxAge = Math.max(maxAge, a)
    if (up.get(name) === 1 && a <= pollS + 5) onTime++
    else if (Date.now() - t0 > warmupMs) lateDevices.add(name)
  }
  samples.push({
    t: Math.round((Date.now() - t0) / 1000),
    rss: r.rss,
    anon: r.anon,
    file: r.file,
    onTime,
    healthySeen: seen,
    maxAge,
    load: loadAvg(),
    healthMs,
  })
}

const end = t0 + minutes * 60_000
let lastPrint = 0
while (Date.now() < end) {
  const next = Date.now() + SAMPLE_MS
  try {
    await sample()
  } catch (err) {
    failure ||= `sampling failed: ${err instanceof Error ? err.message : String(err)}`
  }
  if (server.exit) failure = `server died: ${JSON.stringify(server.exit)} ${server.stderr}`
  if (failure) break
  const s = samples.at(-1) as Sample
  if (s.t - lastPrint >= 60) {
    lastPrint = s.t
    log(
      `t=${s.t}s rss ${s.rss.toFixed(0)} MB (anon ${s.anon.toFixed(0)}, file ${s.file.toFixed(0)}) on time ${s.onTime}/${s.healthySeen} max age ${s.maxAge.toFixed(1)} s health ${s.healthMs.toFixed(0)} ms load ${s.load}`,
    )
  }
  await new Promise((ok) => setTimeout(ok, Math.max(0, next - Date.now())))
}

// faulty devices as the server sees them
const list = failure
  ? undefined
  : (
      (await (await call('GET', '/devices?pageSize=500')).json()) as {
        devices: { name: string; status: string; lastError: string | null }[]
      }
    ).devices
const csv = join(tmpdir(), `outpost-soak-${process.pid}.csv`)
writeFileSync(
  csv,
  ['t_s,rss_mb,anon_mb,file_mb,on_time,healthy,max_age_s,health_ms,load1']
    .concat(
      samples.map((s) =>
        [
          s.t,
          s.rss.toFixed(1),
          s.anon.toFixed(1),
          s.file.toFixed(1),
          s.onTime,
          s.healthySeen,
          s.maxAge.toFixed(1),
          s.healthMs.toFixed(0),
          s.load.split(' ')[0],
        ].join(','),
      ),
    )
    .join('\n') + '\n',
)
await stopServer(server)
await Promise.all([stopSim(healthy), stopSim(faulty)])
rmSync(dataDir, { recursive: true, force: true })

const after = samples.filter((s) => s.t * 1000 > warmupMs)
const share =
  after.reduce((a, s) => a + s.onTime, 0) /
  Math.max(
    1,
    after.reduce((a, s) => a + s.healthySeen, 0),
  )
const stat = (k: 'rss' | 'anon' | 'file') => {
  const v = after.map((s) => s[k])
  return `${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)} MB (first ${v[0]?.toFixed(0)}, last ${v.at(-1)?.toFixed(0)})`
}
// growth: mean of the last quarter minus mean of the second quarter, per hour
const q = Math.floor(after.length / 4)
const mean = (a: Sample[]) => a.reduce((x, s) => x + s.anon, 0) / Math.max(1, a.length)
const slope =
  q > 0
    ? (mean(after.slice(3 * q)) - mean(after.slice(q, 2 * q))) /
      ((((after.at(-1)?.t ?? 0) - (after[q]?.t ?? 0)) * 0.75) / 3600)
    : 0
log(
  `\nsoak result (${samples.length} samples every 10 s over ${((samples.at(-1)?.t ?? 0) / 60).toFixed(1)} min, load average ${samples[0]?.load} → ${samples.at(-1)?.load})`,
)
log(
  `  RSS ${stat('rss')}; anonymous ${stat('anon')}; file-backed ${stat('file')}; anonymous trend ${slope >= 0 ? '+' : ''}${slope.toFixed(1)} MB/h`,
)
log(
  `  healthy devices on time (finished poll ≤ ${pollS + 5} s ago and up): ${(share * 100).toFixed(2)} % of ${after.length} × ${healthyNames.size} device-samples; devices ever late: ${lateDevices.size}; worst age ${Math.max(...after.map((s) => s.maxAge)).toFixed(1)} s`,
)
log(
  `  /health p50 ${[...after].sort((a, b) => a.healthMs - b.healthMs)[after.length >> 1]?.healthMs.toFixed(0)} ms, max ${Math.max(...after.map((s) => s.healthMs)).toFixed(0)} ms`,
)
if (list) {
  const byStatus = new Map<string, number>()
  for (const d of list.filter((d) => !healthyNames.has(d.name)))
    byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1)
  log(`  faulty devices at the end: ${[...byStatus].map(([k, v]) => `${v} ${k}`).join(', ')}`)
  for (const d of list.filter((d) => !healthyNames.has(d.name)).slice(0, 12))
    log(`    ${d.name}: ${d.status} — ${d.lastError ?? ''}`)
}
log(`  samples: ${csv}`)
if (failure) {
  log(`FAILED: ${failure}`)
  process.exit(1)
}
