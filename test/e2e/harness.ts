// E2E harness: the BUILT server (node build.ts → dist/server.mjs) on a free loopback port with a
// temp data directory, and Debian's Chromium driven by playwright-core with a fresh profile.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CHROMIUM = '/usr/bin/chromium'

export interface RunningServer {
  url: string
  dataDir: string
  /** every log line the server printed (JSON) */
  logs: string[]
  stop(): Promise<void>
}

const LOCK = join(ROOT, 'dist', '.e2e-build.lock')

/** Spins until this process holds the build lock (specs in parallel workers share dist/). */
export async function withBuildLock<T>(fn: () => T): Promise<T> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true })
  for (let i = 0; ; i++) {
    try {
      mkdirSync(LOCK)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 600) throw err
      await new Promise((ok) => setTimeout(ok, 100))
    }
  }
  try {
    return fn()
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

/**
 * Builds the bundle exactly as `npm start` does, then copies it to a directory of this process
 * (dist/e2e-<pid>/, still below the repository so assets/ and node_modules/ resolve), so another
 * build cannot change it under a running spec.
 */
export async function buildServer(): Promise<string> {
  const dir = join(ROOT, 'dist', `e2e-${process.pid}`)
  await withBuildLock(() => {
    const r = spawnSync(process.execPath, ['build.ts'], { cwd: ROOT, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`)
    mkdirSync(dir, { recursive: true })
    copyFileSync(join(ROOT, 'dist', 'server.mjs'), join(dir, 'server.mjs'))
  })
  return join(dir, 'server.mjs')
}

/** Removes the private copy made by buildServer. */
export function removeBuild(serverFile: string): void {
  rmSync(dirname(serverFile), { recursive: true, force: true })
}

export async function startServer(
  serverFile: string,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'))
  const child = spawn(process.execPath, [serverFile], {
    cwd: ROOT,
    env: {
      ...process.env,
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_LOG_LEVEL: 'info',
      ...env,
    },
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

/**
 * The initial admin's first sign-in on a new appliance: the printed password, the forced change to
 * `newPassword`, then the setup wizard's first step, skipped unless `keepSetup` (the page is then
 * left on /setup/tenant).
 */
export async function firstAdminSignIn(
  page: Page,
  server: RunningServer,
  newPassword: string,
  { keepSetup = false }: { keepSetup?: boolean } = {},
): Promise<void> {
  const first = initialAdminPassword(server)
  await page.goto(`${server.url}/login`)
  await page.getByLabel('User name').fill('admin')
  await page.getByLabel('Password').fill(first)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL('**/account/password')
  await page.getByLabel('Current password').fill(first)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('Repeat the new password').fill(newPassword)
  await page.getByRole('button', { name: 'Change password' }).click()
  await page.waitForURL('**/setup/tenant')
  if (keepSetup) return
  await page.getByRole('button', { name: 'Skip setup' }).click()
  await page.waitForURL(`${server.url}/`)
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
