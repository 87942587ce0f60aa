// Syslog throughput over TCP through the real listener, as a user runs the product: the built
// dist/server.mjs (npm start flags) with its syslog receiver on a loopback port, 50 devices created
// through the JSON API with addresses 127.0.1.1-50, and a sender in a separate process that opens
// one TCP connection per device (bound to the device's address) and sends RouterOS-style lines at
// an even total rate. While it floods, a signed-in tenant admin loads the device table, a device's
// Logs tab and a log search, a few times a second; their latency is reported. At the end the
// receiver's counters (super admin /syslog page) say how many lines were stored, dropped or lost.
//   npm run bench -- syslog          [--rate 5000] [--seconds 30] [--devices 50]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Browser } from '../support/http-browser.ts'
import { freePort } from '../support/free-port.ts'
import {
  addDevices,
  api,
  arg,
  ensureBuilt,
  loadAvg,
  ROOT,
  rssOf,
  setUpTenant,
  startServer,
  stopServer,
} from './support/outpost-live.ts'

const RATE = arg('rate', 5000)
const SECONDS = arg('seconds', 30)
const DEVICES = Math.min(arg('devices', 50), 250)
const PW = 'bench passphrase for the soak'
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function signIn(url: string, username: string): Promise<Browser> {
  const b = new Browser(url)
  const r = await b.req('POST', '/login', {
    form: { username, password: PW, _csrf: await b.token('/login') },
  })
  if (r.status !== 303) throw new Error(`sign-in of ${username} answered ${r.status}`)
  return b
}

async function counters(admin: Browser): Promise<Record<string, number>> {
  const html = await (await admin.req('GET', '/syslog')).text()
  const out: Record<string, number> = {}
  for (const m of html.matchAll(/<th scope="row">(\w+)<\/th><td class="num">([\d,]+)<\/td>/g))
    out[m[1]!] = Number(m[2]!.replaceAll(',', ''))
  return out
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 10) / 10
}

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-syslog-'))
const port = await freePort()
const server = await startServer(dataDir, { OUTPOST_SYSLOG_PORT: String(port) })
try {
  const key = await setUpTenant(server.url, dataDir)
  const call = api(server.url, key)
  const sims = Array.from({ length: DEVICES }, (_, i) => ({
    name: `bench-${i}`,
    host: `127.0.1.${i + 1}`,
    apiPort: 1,
    username: 'admin',
    password: 'x',
  }))
  await addDevices(call, sims, 3600)
  const devs = (await (await call('GET', '/devices?pageSize=200')).json()) as {
    devices: { id: string }[]
  }
  const deviceId = devs.devices[0]!.id
  const tenantAdmin = await signIn(server.url, 'bench-admin')
  const superAdmin = await signIn(server.url, 'admin')
  await sleep(31_000) // the receiver reads device addresses every 30 s: the new devices are known
  const loadBefore = loadAvg()
  const pages = {
    '/devices': [] as number[],
    [`/devices/${deviceId}/logs`]: [] as number[],
    [`/api/v1/devices/${deviceId}/logs?q=ssh&severity=info`]: [] as number[],
  }
  const sender = spawn(
    process.execPath,
    [
      join(ROOT, 'test/bench/support/syslog-sender-child.ts'),
      String(port),
      String(DEVICES),
      String(RATE),
      String(SECONDS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const result = new Promise<{ sent: number; seconds: number }>((ok, fail) => {
    createInterface({ input: sender.stdout! }).on('line', (l) =>
      ok(JSON.parse(l) as { sent: number; seconds: number }),
    )
    sender.once('exit', (code) => code !== 0 && fail(new Error(`sender exited ${code}`)))
  })
  let flooding = true
  void result.then(() => {
    flooding = false
  })
  const paths = Object.keys(pages)
  let maxRss = 0
  for (let i = 0; flooding; i++) {
    const path = paths[i % paths.length]!
    const t0 = performance.now()
    const res = await tenantAdmin.req('GET', path)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
    pages[path]!.push(performance.now() - t0)
    maxRss = Math.max(maxRss, rssOf(server.pid).rss)
    await sleep(250)
  }
  const sent = await result
  const loadDuring = loadAvg()
  let c = await counters(superAdmin)
  for (
    let i = 0;
    i < 120 && (c.stored ?? 0) + (c.dropped ?? 0) + (c.writeFailed ?? 0) < sent.sent;
    i++
  ) {
    await sleep(500)
    c = await counters(superAdmin)
  }
  const rss = rssOf(server.pid)
  const stored = c.stored ?? 0
  process.stdout.write(
    `syslog over TCP: ${DEVICES} devices, target ${RATE} msgs/s for ${SECONDS} s\n`,
  )
  process.stdout.write(
    `  sent ${sent.sent} in ${sent.seconds.toFixed(1)} s = ${Math.round(sent.sent / sent.seconds)} msgs/s sustained\n`,
  )
  process.stdout.write(
    `  stored ${stored}, lost ${sent.sent - stored}, dropped ${c.dropped ?? 0}, malformed ${c.malformed ?? 0}, framing ${c.framing ?? 0}, unknown ${c.unknown ?? 0}, write failed ${c.writeFailed ?? 0}\n`,
  )
  for (const [p, xs] of Object.entries(pages))
    process.stdout.write(
      `  ${p.replace(deviceId, ':id')}: n=${xs.length} p50 ${pct(xs, 50)} ms, p95 ${pct(xs, 95)} ms, max ${pct(xs, 100)} ms\n`,
    )
  process.stdout.write(
    `  server RSS ${rss.rss.toFixed(0)} MB (anon ${rss.anon.toFixed(0)}, file ${rss.file.toFixed(0)}), max during flood ${maxRss.toFixed(0)} MB\n`,
  )
  process.stdout.write(
    `  load average before ${loadBefore}, after flood ${loadDuring} (${(await import('node:os')).cpus().length} cores)\n`,
  )
  if (stored !== sent.sent) process.exitCode = 1
} finally {
  await stopServer(server)
  rmSync(dataDir, { recursive: true, force: true })
}
