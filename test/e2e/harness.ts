// E2E harness: the BUILT server (node build.ts → dist/server.mjs) on a free loopback port with a
// temp data directory, and Debian's Chromium driven by playwright-core with a fresh profile.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { chromium, type BrowserContext } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CHROMIUM = '/usr/bin/chromium'

export interface RunningServer {
  url: string
  dataDir: string
  /** every log line the server printed (JSON) */
  logs: string[]
  stop(): Promise<void>
}

/** Builds the bundle exactly as `npm start` does. */
export function buildServer(): void {
  const r = spawnSync(process.execPath, ['build.ts'], { cwd: ROOT, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`)
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'))
  const child = spawn(process.execPath, ['dist/server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, OUTPOST_DATA_DIR: dataDir, OUTPOST_PORT: '0', OUTPOST_HOST: '127.0.0.1', OUTPOST_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  let stderr = ''
  child.stderr?.on('data', (d) => (stderr += String(d)))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 20_000)
    child.once('exit', (code) => fail(new Error(`server exited (${code}): ${stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line)
      const parsed = safeJson(line)
      if (parsed?.msg === 'outpost listening' && typeof parsed.url === 'string') {
        clearTimeout(timer)
        ok(parsed.url)
      }
    })
  })
  return { url, dataDir, logs, stop: () => stopChild(child, dataDir) }
}

function safeJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
}

async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((ok) => child.once('exit', ok))
    child.kill('SIGTERM')
    await exited
  }
  rmSync(dataDir, { recursive: true, force: true })
}

export function initialAdminPassword(server: RunningServer): string {
  return readFileSync(join(server.dataDir, 'initial-admin-password'), 'utf8').trim()
}

export interface Browser {
  context: BrowserContext
  close(): Promise<void>
}

/** Chromium with the flags from TEAM.md and a fresh profile directory. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'outpost-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  context.setDefaultTimeout(10_000)
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
