// Overlay benchmark: `npm run bench -- overlay` (root; needs wireguard-go, wireguard-tools,
// iproute2). The appliance namespace runs wireguard-go with OVERLAY_BENCH_PEERS peers (default
// 1000) configured; OVERLAY_BENCH_REMOTES of them (default 1000) are real: one wireguard-go
// interface each in a "sites" namespace (policy routing per source address), in front of a
// simulated router's API. A poller in the appliance namespace connects, logs in and reads
// identity, resource and interfaces of every remote: once over the underlay (direct) and once
// through the tunnels. Reports per-poll latency (p50/p95) for both, and the appliance's CPU
// (wireguard-go plus the poller) per round, with the load average. Each wireguard-go takes an
// inotify instance: above ~120 remotes raise fs.inotify.max_user_instances (default 128) first.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '../../src/overlay/overlay-keys.ts'
import { bringUp, type WgInterface } from '../../src/overlay/wg-host.ts'
import { NetnsLab, requireOverlayTools } from '../support/overlay-netns.ts'

const PEERS = Number(process.env.OVERLAY_BENCH_PEERS ?? 1000)
const REMOTES = Math.min(PEERS, Number(process.env.OVERLAY_BENCH_REMOTES ?? 1000))
const CONCURRENCY = 50
const self = fileURLToPath(import.meta.url)

const addressOf = (i: number) => `100.127.${1 + Math.floor(i / 254)}.${1 + (i % 254)}`

/** Child in the sites namespace: one simulated router answering on every address, port 8728. */
async function serveSim(): Promise<void> {
  const { startDevice } = await import('../../src/sim/index.ts')
  await startDevice({
    persona: 'chr-7.18',
    host: '0.0.0.0',
    apiPort: 8728,
    services: { api: true, apiSsl: false, ssh: false },
  })
  process.stdout.write('ready\n')
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
}

/** Child in the appliance namespace: polls every host once (CONCURRENCY at a time). */
async function pollRound(hosts: string[]): Promise<void> {
  const { connect } = await import('../../src/routeros/index.ts')
  const times: number[] = []
  let failures = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < hosts.length) {
        const host = hosts[next++] ?? ''
        const s0 = performance.now()
        try {
          const s = await connect({
            host,
            port: 8728,
            username: 'admin',
            password: '',
            connectTimeoutMs: 10_000,
            loginTimeoutMs: 10_000,
          })
          await Promise.all([
            s.print('/system/identity'),
            s.print('/system/resource'),
            s.print('/interface'),
          ])
          await s.close()
          times.push(performance.now() - s0)
        } catch {
          failures++
        }
      }
    }),
  )
  const cpu = process.cpuUsage(cpu0)
  times.sort((a, b) => a - b)
  const q = (p: number) => Math.round((times[Math.floor(p * (times.length - 1))] ?? NaN) * 10) / 10
  process.stdout.write(
    `${JSON.stringify({ polls: times.length, failures, p50: q(0.5), p95: q(0.95), wallMs: Math.round(performance.now() - t0), pollerCpuMs: Math.round((cpu.user + cpu.system) / 1000) })}\n`,
  )
}

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(f[11]) + Number(f[12])
}

async function main(): Promise<void> {
  requireOverlayTools()
  const lab = new NetnsLab('b')
  const ifaces: WgInterface[] = []
  const tmp = mkdtempSync(join(tmpdir(), 'outpost-bench-ovl-'))
  try {
    const app = lab.ns('a')
    const sites = lab.ns('s')
    lab.link(app, '198.18.20.1/24', sites, '198.18.20.2/24', 'u')
    const appKeys = generateKeyPair()
    const appIf = `ob${process.pid}a`
    ifaces.push(
      await bringUp(
        { netns: app },
        { name: appIf, privateKey: appKeys.privateKey, port: 51820, addressCidr: '100.127.0.1/16' },
      ),
    )
    const remotes = Array.from({ length: PEERS }, (_, i) => ({
      i,
      keys: generateKeyPair(),
      address: addressOf(i),
    }))
    // all peers in one `wg addconf` (a file: wg reads configuration only from files)
    const conf = join(tmp, 'peers.conf')
    writeFileSync(
      conf,
      remotes
        .map((r) => `[Peer]\nPublicKey = ${r.keys.publicKey}\nAllowedIPs = ${r.address}/32\n`)
        .join('\n'),
      { mode: 0o600 },
    )
    const t0 = performance.now()
    lab.exec(app, ['wg', 'addconf', appIf, conf])
    const configureMs = Math.round(performance.now() - t0)
    process.stdout.write(`appliance: ${PEERS} peers configured in ${configureMs} ms\n`)
    for (const r of remotes.slice(0, REMOTES)) {
      const name = `ob${process.pid}x${r.i.toString(36)}`
      ifaces.push(
        await bringUp(
          { netns: sites },
          {
            name,
            privateKey: r.keys.privateKey,
            port: 20000 + r.i,
            addressCidr: `${r.address}/32`,
          },
        ),
      )
      lab.exec(sites, [
        'wg',
        'set',
        name,
        'peer',
        appKeys.publicKey,
        'endpoint',
        '198.18.20.1:51820',
        'allowed-ips',
        '100.127.0.1/32',
        'persistent-keepalive',
        '25',
      ])
      lab.exec(sites, ['ip', 'rule', 'add', 'from', r.address, 'lookup', String(1000 + r.i)])
      lab.exec(sites, [
        'ip',
        'route',
        'add',
        '100.127.0.1/32',
        'dev',
        name,
        'table',
        String(1000 + r.i),
      ])
    }
    process.stdout.write(`sites: ${REMOTES} remote wireguard-go interfaces up\n`)
    const sim = lab.spawn(sites, [process.execPath, self, '--sim'])
    await new Promise((ok) => createInterface({ input: sim.stdout! }).once('line', ok))
    const wgPid = Number(
      spawnSync('pgrep', ['-f', `^wireguard-go -f ${appIf}$`], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')[0],
    )
    const round = async (label: string, hosts: string[]) => {
      const ticks0 = cpuTicks(wgPid)
      const child = lab.spawn(app, [process.execPath, self, '--poll', JSON.stringify(hosts)])
      const line = await new Promise<string>((ok) =>
        createInterface({ input: child.stdout! }).once('line', ok),
      )
      const r = JSON.parse(line) as {
        polls: number
        failures: number
        p50: number
        p95: number
        wallMs: number
        pollerCpuMs: number
      }
      const wgCpuMs = (cpuTicks(wgPid) - ticks0) * 10
      process.stdout.write(
        `${label.padEnd(8)} polls ${r.polls} failures ${r.failures} p50 ${r.p50} ms p95 ${r.p95} ms wall ${r.wallMs} ms poller CPU ${r.pollerCpuMs} ms wireguard-go CPU ${wgCpuMs} ms load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
      )
      return r
    }
    const direct = Array.from({ length: REMOTES }, () => '198.18.20.2')
    const overlay = remotes.slice(0, REMOTES).map((r) => r.address)
    await round('warm-up', overlay) // first packets: handshakes
    // alternate three times each: the machine's load drifts, the medians compare like with like
    const ds: number[][] = []
    const os: number[][] = []
    for (let k = 0; k < 3; k++) {
      const d = await round('direct', direct)
      const o = await round('overlay', overlay)
      ds.push([d.p50, d.p95, d.pollerCpuMs])
      os.push([o.p50, o.p95, o.pollerCpuMs])
    }
    const med = (rows: number[][], c: number) =>
      rows.map((r) => r[c] ?? 0).sort((a, b) => a - b)[1] ?? 0
    const diff = (c: number) => Math.round((med(os, c) - med(ds, c)) * 10) / 10
    process.stdout.write(
      `median direct p50 ${med(ds, 0)} ms p95 ${med(ds, 1)} ms; overlay p50 ${med(os, 0)} ms p95 ${med(os, 1)} ms; overhead p50 ${diff(0)} ms p95 ${diff(1)} ms\n`,
    )
    const rss = spawnSync('ps', ['-o', 'rss=', '-p', String(wgPid)], {
      encoding: 'utf8',
    }).stdout.trim()
    process.stdout.write(`appliance wireguard-go RSS ${rss} KiB\n`)
  } finally {
    for (const i of ifaces.reverse()) await i.down().catch(() => undefined)
    await lab.cleanup()
    rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--sim') await serveSim()
else if (process.argv[2] === '--poll')
  await pollRound(JSON.parse(process.argv[3] ?? '[]') as string[])
else await main()
