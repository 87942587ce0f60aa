// Poll throughput: `node test/bench/routeros-poll.ts [--sizes 1,100,1000] [--seconds 3]`.
// One poll = identity + resource + interface print on one device (3 tagged commands in flight).
// The simulated devices run in a child process, so the client's CPU time is measured alone.
// The same poll is then done by Debian's python3-librouteros (/usr/bin/python3) for comparison.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { connect } from '../../src/routeros/index.ts'
import type { RouterOsSession } from '../../src/routeros/index.ts'

interface Target {
  host: string
  apiPort: number
}

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? dflt : (process.argv[i + 1] ?? dflt)
}

/** Child mode: start N simulated devices (API only) and print their ports as one JSON line. */
async function serve(n: number): Promise<void> {
  const persona = ['rb5009-7.15', 'chr-7.18', 'hap-ac-6.49']
  const services = { api: true, apiSsl: false, ssh: false }
  const { startFleet } = await import('../../src/sim/fleet.ts')
  const fleet = await startFleet({ devices: n, persona, services })
  const targets: Target[] = fleet.info().map((d) => ({ host: d.host, apiPort: d.apiPort }))
  process.stdout.write(`${JSON.stringify(targets)}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => void fleet.stop().then(() => process.exit(0)))
}

function spawnFleet(n: number): Promise<{ targets: Target[]; child: ChildProcess }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', String(n)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) =>
      resolve({ targets: JSON.parse(l) as Target[], child }),
    )
    child.once('exit', (code) => reject(new Error(`simulator fleet exited with ${code}`)))
  })
}

async function poll(s: RouterOsSession): Promise<void> {
  const [id, res, ifs] = await Promise.all([
    s.print('/system/identity'),
    s.print('/system/resource'),
    s.print('/interface'),
  ])
  if (!id[0]?.name || !res[0]?.version || ifs.length === 0) throw new Error('incomplete poll')
}

async function measureNode(targets: Target[], seconds: number) {
  const sessions = await Promise.all(
    targets.map((t) =>
      connect({
        host: t.host,
        port: t.apiPort,
        username: 'admin',
        password: '',
        connectTimeoutMs: 30_000,
        loginTimeoutMs: 30_000,
      }),
    ),
  )
  await Promise.all(sessions.map(poll)) // warm-up
  let polls = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const deadline = t0 + seconds * 1000
  // every device polls back to back until the deadline (one poll in flight per device)
  await Promise.all(
    sessions.map(async (s) => {
      while (performance.now() < deadline) {
        await poll(s)
        polls++
      }
    }),
  )
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  await Promise.all(sessions.map((s) => s.close()))
  return { polls, wall, cpuMs: (cpu.user + cpu.system) / 1000 }
}

const PY = `
import json, sys, time
from librouteros import connect
targets = json.loads(sys.argv[1]); seconds = float(sys.argv[2])
apis = [connect(host=t['host'], port=t['apiPort'], username='admin', password='', timeout=30)
        for t in targets]
def poll(api):
    ident = tuple(api('/system/identity/print')); res = tuple(api('/system/resource/print'))
    ifs = tuple(api('/interface/print'))
    assert ident and res and ifs
for a in apis: poll(a)
polls = 0; c0 = time.process_time(); t0 = time.perf_counter()
while time.perf_counter() - t0 < seconds:
    for a in apis:
        poll(a); polls += 1
wall = time.perf_counter() - t0; cpu = time.process_time() - c0
for a in apis: a.close()
print(json.dumps({'polls': polls, 'wall': wall, 'cpuMs': cpu * 1000}))
`

function measurePython(targets: Target[], seconds: number) {
  const r = spawnSync('/usr/bin/python3', ['-c', PY, JSON.stringify(targets), String(seconds)], {
    encoding: 'utf8',
  })
  if (r.status !== 0)
    return { error: (r.stderr || r.error?.message || 'failed').trim().split('\n').pop() }
  return JSON.parse(r.stdout) as { polls: number; wall: number; cpuMs: number }
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '1,100,1000').split(',').map(Number)
  const seconds = Number(arg('seconds', '3'))
  const rows: Record<string, string | number>[] = []
  for (const n of sizes) {
    const { targets, child } = await spawnFleet(n)
    const node = await measureNode(targets, seconds)
    rows.push({
      client: 'outpost (node)',
      devices: n,
      polls: node.polls,
      'polls/s': Math.round(node.polls / node.wall),
      'client CPU ms/poll': (node.cpuMs / node.polls).toFixed(3),
    })
    const py = measurePython(targets, seconds)
    if ('error' in py)
      rows.push({
        client: 'librouteros (python)',
        devices: n,
        polls: 0,
        'polls/s': 0,
        'client CPU ms/poll': `error: ${py.error}`,
      })
    else
      rows.push({
        client: 'librouteros (python)',
        devices: n,
        polls: py.polls,
        'polls/s': Math.round(py.polls / py.wall),
        'client CPU ms/poll': (py.cpuMs / py.polls).toFixed(3),
      })
    child.stdin?.end()
    await new Promise((r) => child.once('exit', r))
  }
  console.log(
    `RouterOS poll (identity + resource + interface print), ${seconds} s per row, ` +
      'simulator in a child process',
  )
  console.table(rows)
}

if (process.argv.includes('--serve')) await serve(Number(arg('serve', '1')))
else await main()
