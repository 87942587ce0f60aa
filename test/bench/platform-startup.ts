// Cold start and idle memory of the bundled server (dist/server.mjs; `npm run bench` builds it).
// For each scenario: spawn the server on a fresh or existing data dir, time until /health answers,
// then read VmRSS after it has idled. Run: node test/bench/platform-startup.ts
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const server = join(root, 'dist', 'server.mjs')
const RUNS = 5
const IDLE_MS = 3000

if (!existsSync(server)) {
  process.stderr.write('dist/server.mjs missing: run `npm run build` first\n')
  process.exit(1)
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}

async function waitHealthy(child: ChildProcess): Promise<string> {
  let out = ''
  return new Promise((resolveUrl, reject) => {
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.includes('"outpost listening"'))
      if (line !== undefined) resolveUrl(JSON.parse(line).url as string)
    })
  })
}

async function once(dataDir: string, profile: string): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now()
  const child = spawn(process.execPath, [server], {
    env: {
      PATH: process.env.PATH,
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: profile,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await waitHealthy(child)
  for (;;) {
    const res = await fetch(`${url}/health`).catch(() => undefined)
    if (res?.ok) break
  }
  const ms = performance.now() - started
  await new Promise((r) => setTimeout(r, IDLE_MS))
  const rssMb = rssKb(child.pid as number) / 1024
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
  return { ms, rssMb }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

const rows: string[][] = []
for (const profile of ['owasp', 'light']) {
  const first: { ms: number; rssMb: number }[] = []
  const warm: { ms: number; rssMb: number }[] = []
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-start-'))
    first.push(await once(dir, profile)) // creates secrets, schema and the first admin
    warm.push(await once(dir, profile)) // existing data dir
    rmSync(dir, { recursive: true, force: true })
  }
  for (const [name, xs] of [
    ['first start', first],
    ['restart', warm],
  ] as const) {
    rows.push([
      `${name} (${profile})`,
      median(xs.map((x) => x.ms)).toFixed(0),
      Math.max(...xs.map((x) => x.ms)).toFixed(0),
      median(xs.map((x) => x.rssMb)).toFixed(1),
    ])
  }
}

const header = [
  'scenario',
  'spawn→/health ms (median)',
  'max ms',
  `idle RSS MB after ${IDLE_MS / 1000}s`,
]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ')
process.stdout.write(
  `${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}\n`,
)
