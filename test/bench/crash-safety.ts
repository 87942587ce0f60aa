// Crash safety: BENCH_KILLS (default 40) kill -9 of the built server (run as `npm start` runs it)
// while API clients write and the poller polls ~300 simulated routers (10 % faulty). After each
// kill: PRAGMA integrity_check on outpost.db and samples.db as the crash left them, a restart, every
// write answered 2xx before the kill checked through the API (created tags exist, deleted tags stay
// gone, device notes hold the last acknowledged value or the one in flight), and the audit chain
// verified with `node dist/cli.mjs audit:verify`. Exits 1 on any lost write or failed check.
// Knobs (environment): BENCH_KILLS, BENCH_DEVICES, BENCH_FAULTY_PERCENT, BENCH_POLL_S, BENCH_WRITERS.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import {
  addDevices,
  api,
  arg,
  CLI_FILE,
  ensureBuilt,
  kill9,
  loadAvg,
  NODE_FLAGS,
  ROOT,
  serverEnv,
  setUpTenant,
  startFaultyFleet,
  startHealthyFleet,
  startServer,
  stopServer,
  stopSim,
  type Server,
} from './support/outpost-live.ts'

const kills = arg('kills', 40)
const total = arg('devices', 300)
const faultyN = Math.round((total * arg('faulty-percent', 10)) / 100)
const pollS = arg('poll-s', 10)
const writers = arg('writers', 4)
const log = (s: string) => process.stdout.write(`${s}\n`)
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-crash-'))
const [healthy, faulty] = await Promise.all([
  startHealthyFleet(total - faultyN),
  startFaultyFleet(faultyN),
])
let server: Server = await startServer(dataDir)
const key = await setUpTenant(server.url, dataDir)
await addDevices(api(server.url, key), [...healthy.devices, ...faulty.devices], pollS)
const first = (await (await api(server.url, key)('GET', '/devices?pageSize=500')).json()) as {
  devices: { id: string; name: string }[]
}
const healthyIds = first.devices.filter((d) => d.name.startsWith('sim-')).map((d) => d.id)
log(
  `crash-safety: ${kills} kills, ${total} devices (${faultyN} faulty) polled every ${pollS} s, ${writers} API writers; load ${loadAvg()}`,
)
await sleep(pollS * 1000) // let the poller get going

/** acknowledged state: what a client that got 2xx may rely on */
const tagsAcked = new Map<string, string>() // id → name
const tagsDeleted = new Set<string>()
const notesAcked = new Map<string, number>() // device id → last acknowledged sequence
let acks = 0
let unanswered = 0
let running = false

async function writer(w: number, cycle: number, url: string): Promise<void> {
  const call = api(url, key)
  const dev = healthyIds[w % healthyIds.length] as string
  let i = 0
  while (running) {
    i++
    try {
      if (i % 3 === 0) {
        const seq = (notesAcked.get(dev) ?? 0) + 1
        const res = await call('PATCH', `/devices/${dev}`, { notes: `seq ${seq}` })
        if (res.ok) {
          notesAcked.set(dev, seq)
          acks++
        } else throw new Error(`PATCH answered ${res.status}: ${await res.text()}`)
      } else if (i % 5 === 0 && tagsAcked.size > 0) {
        const [id] = [...tagsAcked.keys()].slice(-1 - w)
        if (id === undefined || tagsDeleted.has(id)) continue
        const res = await call('DELETE', `/tags/${id}`)
        if (res.status === 204) {
          tagsDeleted.add(id)
          acks++
        } else if (res.status !== 404) throw new Error(`DELETE answered ${res.status}`)
      } else {
        const name = `k${cycle}-w${w}-${i}`
        const res = await call('POST', '/tags', { name })
        if (res.status === 201) {
          tagsAcked.set(((await res.json()) as { tag: { id: string } }).tag.id, name)
          acks++
        } else throw new Error(`POST answered ${res.status}: ${await res.text()}`)
      }
    } catch (err) {
      // the kill cut this request: not acknowledged, it may or may not have landed
      if (!running) unanswered++
      else throw err // an HTTP error or a dropped connection while the server is up is a finding
    }
  }
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ')
  } finally {
    db.close()
  }
}

const findings: string[] = []
let integrityOk = 0
let auditOk = 0
const restartMs: number[] = []
let lost = 0
const loads: string[] = []
for (let cycle = 1; cycle <= kills; cycle++) {
  running = true
  const url = server.url
  const ws = Array.from({ length: writers }, (_, w) =>
    writer(w, cycle, url).catch((e: unknown) => {
      findings.push(`cycle ${cycle}: ${e instanceof Error ? e.message : String(e)}`)
    }),
  )
  await sleep(1000 + Math.random() * 4000)
  if (server.exit)
    findings.push(
      `cycle ${cycle}: the server died on its own: ${JSON.stringify(server.exit)} ${server.stderr}`,
    )
  running = false // no new requests; the ones in flight meet the kill
  await kill9(server)
  await Promise.all(ws)
  for (const f of ['outpost.db', 'samples.db']) {
    const r = integrity(join(dataDir, f))
    if (r === 'ok') integrityOk++
    else findings.push(`cycle ${cycle}: integrity_check ${f}: ${r}`)
  }
  server = await startServer(dataDir)
  restartMs.push(server.startMs)
  const call = api(server.url, key)
  const tags = new Set(
    ((await (await call('GET', '/tags')).json()) as { tags: { id: string }[] }).tags.map(
      (t) => t.id,
    ),
  )
  for (const [id, name] of tagsAcked) {
    if (tagsDeleted.has(id) === tags.has(id)) {
      lost++
      findings.push(
        `cycle ${cycle}: tag ${name} ${tagsDeleted.has(id) ? 'deleted (acknowledged) is back' : 'created (acknowledged) is missing'}`,
      )
    }
  }
  const devs = (
    (await (await call('GET', '/devices?pageSize=500')).json()) as {
      devices: { id: string; notes: string }[]
    }
  ).devices
  for (const [id, seq] of notesAcked) {
    const got = Number(/^seq (\d+)$/.exec(devs.find((d) => d.id === id)?.notes ?? '')?.[1] ?? 0)
    if (got !== seq && got !== seq + 1) {
      lost++
      findings.push(`cycle ${cycle}: device ${id} notes seq ${got}, acknowledged ${seq}`)
    }
    notesAcked.set(id, got) // a write in flight that landed is now the state
  }
  const v = spawnSync(process.execPath, [...NODE_FLAGS, CLI_FILE, 'audit:verify'], {
    cwd: ROOT,
    env: serverEnv(dataDir),
    encoding: 'utf8',
  })
  if (v.status === 0) auditOk++
  else findings.push(`cycle ${cycle}: audit:verify exit ${v.status}: ${v.stdout}${v.stderr}`)
  loads.push(loadAvg())
  log(
    `kill ${cycle}/${kills}: integrity ${integrityOk}/${cycle * 2}, lost ${lost}, audit ok ${auditOk}/${cycle}, restart ${server.startMs.toFixed(0)} ms, ${acks} acknowledged writes so far (${v.stdout.trim()}), load ${loadAvg()}`,
  )
}

await stopServer(server)
await Promise.all([stopSim(healthy), stopSim(faulty)])
rmSync(dataDir, { recursive: true, force: true })
const sorted = [...restartMs].sort((a, b) => a - b)
log(`\ncrash-safety result (load average ${loads[0]} → ${loads.at(-1)})`)
log(
  `  kill -9: ${kills}; integrity_check ok: ${integrityOk}/${kills * 2}; acknowledged writes: ${acks} (tags created ${tagsAcked.size}, deleted ${tagsDeleted.size}, notes updated), lost: ${lost}; requests in flight cut by a kill: ${unanswered}`,
)
log(
  `  audit chain intact after ${auditOk}/${kills} kills; restart to listening p50 ${sorted[sorted.length >> 1]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
)
if (findings.length > 0) {
  log(`FINDINGS (${findings.length}):\n  ${findings.slice(0, 50).join('\n  ')}`)
  process.exit(1)
}
