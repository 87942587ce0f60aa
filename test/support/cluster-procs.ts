// Processes for test/e2e/cluster-kill.spec.ts: a built Outpost server (dist/server.mjs, the
// `npm start` flags) joined to a shared PostgreSQL, the simulator child (cluster-sim-child.ts)
// driven over stdin, and a webhook receiver on loopback that keeps every message it is sent.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** package.json "start" */
const NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=256']

export interface OutpostProc {
  url: string
  dataDir: string
  child: ChildProcess
  /** the last lines it printed on stderr and its error-level log lines */
  errors: () => string
  stop(): Promise<void>
}

/** Resolves when `child` has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((ok) => child.once('exit', () => ok()))
}

export async function startOutpostProc(
  serverFile: string,
  env: Record<string, string>,
  started: OutpostProc[],
): Promise<OutpostProc> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-cluster-kill-'))
  const child = spawn(process.execPath, [...NODE_FLAGS, serverFile], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tail = ''
  const keep = (s: string) => (tail = (tail + s).slice(-8000))
  child.stderr?.on('data', (d) => keep(String(d)))
  const proc: OutpostProc = {
    url: '',
    dataDir,
    child,
    errors: () => tail,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const done = exited(child)
        child.kill('SIGTERM')
        await done
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  started.push(proc)
  proc.url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`outpost did not start: ${tail}`)), 120_000)
    child.once('exit', (code) => fail(new Error(`outpost exited (${code}): ${tail}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return
      const p = JSON.parse(line) as { msg?: string; url?: string; level?: number }
      if ((p.level ?? 0) >= 50) keep(`${line}\n`)
      if (p.msg === 'outpost listening' && p.url) {
        clearTimeout(timer)
        ok(p.url)
      }
    })
  })
  return proc
}

export interface SimEndpoint {
  index: number
  name: string
  host: string
  apiPort: number
  sshPort: number
}

export interface SimFleet {
  child: ChildProcess
  endpoints: SimEndpoint[]
  down(indexes: readonly number[]): Promise<void>
  up(indexes: readonly number[]): Promise<void>
  /** SSH sessions opened per router index (SSH routers only) */
  sessions(): Promise<Map<number, number>>
}

export async function startSimFleet(count: number, withSsh: number): Promise<SimFleet> {
  const file = join(ROOT, 'test/support/cluster-sim-child.ts')
  const child = spawn(process.execPath, [file, String(count), String(withSsh)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr?.on('data', (d) => (err = (err + String(d)).slice(-4000)))
  const endpoints: SimEndpoint[] = []
  const waiting: { prefix: string; ok: (rest: string) => void }[] = []
  const ready = new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`simulator exited (${code}): ${err}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') return ok()
      if (line.startsWith('{')) return void endpoints.push(JSON.parse(line) as SimEndpoint)
      const i = waiting.findIndex((w) => line.startsWith(w.prefix))
      if (i >= 0) waiting.splice(i, 1)[0]!.ok(line)
    })
  })
  const ask = (cmd: string, prefix: string) =>
    new Promise<string>((ok) => {
      waiting.push({ prefix, ok: (line) => ok(line.slice(prefix.length).trim()) })
      child.stdin!.write(`${cmd}\n`)
    })
  await ready
  return {
    child,
    endpoints,
    down: async (ix) => void (await ask(`down ${ix.join(' ')}`, 'down done')),
    up: async (ix) => void (await ask(`up ${ix.join(' ')}`, 'up done')),
    sessions: async () => {
      const json = JSON.parse(await ask('sessions', 'sessions ')) as Record<string, number>
      return new Map(Object.entries(json).map(([k, v]) => [Number(k), v]))
    },
  }
}

export interface WebhookMessage {
  event: string
  alert: { id: string; deviceId: string; rule: string } | null
}

/** An HTTP receiver on loopback: every POSTed JSON body, in arrival order. */
export async function startReceiver(): Promise<{
  url: string
  messages: WebhookMessage[]
  server: Server
}> {
  const messages: WebhookMessage[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += String(d)))
    req.on('end', () => {
      try {
        messages.push(JSON.parse(body) as WebhookMessage)
      } catch {
        messages.push({ event: `unreadable: ${body.slice(0, 200)}`, alert: null })
      }
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hook`, messages, server }
}

/** Waits until `cond` holds, checking every `everyMs`; throws `what()` at the deadline. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  deadlineMs: number,
  what: () => string,
  everyMs = 500,
): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what()}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
