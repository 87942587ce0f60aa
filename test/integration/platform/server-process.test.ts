// The real bundled server and CLI, spawned as processes: start-up, secrets, failure exits,
// graceful shutdown and audit:verify.
import { spawn, spawnSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
// inside node_modules so the bundle's external packages resolve from the project
const outdir = join(root, 'node_modules', '.cache', `outpost-platform-test-${process.pid}`)
/** the temp working dir, set in beforeAll */
let work = ''

beforeAll(async () => {
  await build({
    entryPoints: { server: join(root, 'src/main.ts'), cli: join(root, 'src/cli.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    packages: 'external',
    logLevel: 'error',
  })
  work = mkdtempSync(join(tmpdir(), 'outpost-proc-'))
})
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true })
  if (work !== '') rmSync(work, { recursive: true, force: true })
})

function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_ARGON2_PROFILE: 'light',
    ...extra,
  }
}

interface Started {
  url: string
  lines: () => string[]
  stop: (signal: NodeJS.Signals) => Promise<number | null>
}

function startServer(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [join(outdir, 'server.mjs')], { env, cwd: work })
  let out = ''
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return new Promise((resolveStart, reject) => {
    child.stderr.on('data', (d: Buffer) => reject(new Error(d.toString())))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.includes('"outpost listening"'))
      if (line === undefined) return
      resolveStart({
        url: JSON.parse(line).url as string,
        lines: () => out.split('\n').filter(Boolean),
        stop: (signal) => {
          child.kill(signal)
          return exited
        },
      })
    })
  })
}

function runOnce(script: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const r = spawnSync(process.execPath, [join(outdir, script), ...args], {
    env,
    cwd: work,
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('the bundled server', () => {
  it('starts with defaults, serves health, writes private files and stops on SIGTERM', async () => {
    const dataDir = join(work, 'fresh')
    const s = await startServer(baseEnv(dataDir))
    const health = await fetch(`${s.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    })
    const ready = await fetch(`${s.url}/health/ready`)
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      pendingMigrations: [],
    })
    expect(await s.stop('SIGTERM')).toBe(0)
    expect(s.lines().some((l) => l.includes('"stopped"'))).toBe(true)
    for (const f of ['.secrets.json', 'outpost.db', 'samples.db', 'initial-admin-password']) {
      expect(statSync(join(dataDir, f)).mode & 0o077).toBe(0)
    }
    const db = new BetterSqlite3(join(dataDir, 'outpost.db'), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('stops cleanly on SIGTERM even with a request that never completes', async () => {
    const s = await startServer(baseEnv(join(work, 'drain')))
    const { hostname, port } = new URL(s.url)
    const socket = connect(Number(port), hostname)
    await new Promise((r) => socket.once('connect', r))
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n') // headers never finished
    socket.on('error', () => {})
    expect(await s.stop('SIGTERM')).toBe(0)
    socket.destroy()
  })

  it('keeps its secrets across restarts and stops on SIGINT', async () => {
    const dataDir = join(work, 'restart')
    const first = await startServer(baseEnv(dataDir))
    await first.stop('SIGTERM')
    const secrets = readFileSync(join(dataDir, '.secrets.json'), 'utf8')
    const second = await startServer(baseEnv(dataDir))
    expect(second.lines().some((l) => l.includes('generated appliance secrets'))).toBe(false)
    expect(await second.stop('SIGINT')).toBe(0)
    expect(readFileSync(join(dataDir, '.secrets.json'), 'utf8')).toBe(secrets)
  })

  it('exits non-zero with one clear line and touches nothing when the secrets file is malformed', () => {
    const dataDir = join(work, 'malformed')
    mkdirSync(dataDir)
    writeFileSync(join(dataDir, '.secrets.json'), '{"version":1}')
    const r = runOnce('server.mjs', baseEnv(dataDir))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^outpost: secrets file .*\.secrets\.json is malformed: tokenSecret .*\n$/,
    )
    expect(readdirSync(dataDir)).toEqual(['.secrets.json'])
    expect(readFileSync(join(dataDir, '.secrets.json'), 'utf8')).toBe('{"version":1}')
  })

  it('exits non-zero when the data directory cannot be used', () => {
    writeFileSync(join(work, 'a-file'), 'x')
    const r = runOnce('server.mjs', baseEnv(join(work, 'a-file', 'data')))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^outpost: data directory .*a-file\/data cannot be created \(ENOTDIR\)\n$/,
    )
  })

  it('exits non-zero naming the bad variable', () => {
    const r = runOnce('server.mjs', baseEnv(join(work, 'badcfg'), { OUTPOST_PORT: 'eighty' }))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('OUTPOST_PORT must be a number')
    expect(() => statSync(join(work, 'badcfg'))).toThrow(/ENOENT/)
  })

  it('exits non-zero when the port is taken', async () => {
    const dataDir = join(work, 'port')
    const s = await startServer(baseEnv(dataDir))
    const port = new URL(s.url).port
    // overlay off: a fixed OUTPOST_PORT would otherwise turn on the WireGuard interface (issue 14)
    const env = baseEnv(join(work, 'port2'), { OUTPOST_PORT: port, OUTPOST_OVERLAY_PORT: '0' })
    const r = runOnce('server.mjs', env)
    await s.stop('SIGTERM')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/)
  })
})

describe('cli audit:verify', () => {
  it('reports an intact chain, then names the first edited entry with exit code 1', async () => {
    const dataDir = join(work, 'audit')
    const s = await startServer(baseEnv(dataDir))
    await s.stop('SIGTERM')
    const ok = runOnce('cli.mjs', baseEnv(dataDir), ['audit:verify'])
    // the data directory's secrets file is there: sealed details are opened too (issue 19)
    expect(ok.stdout).toMatch(
      /^audit chain ok: ([1-9]\d*) entries verified \(\1 sealed details opened with the master key\)\n$/,
    )
    expect(ok.code).toBe(0)
    const keyless = runOnce('cli.mjs', baseEnv(dataDir), ['audit:verify', '--without-keys'])
    expect(keyless.stdout).toMatch(
      /entries verified \(sealed details not opened \(no master key\)\)\n$/,
    )
    expect(keyless.code).toBe(0)

    const db = new BetterSqlite3(join(dataDir, 'outpost.db'))
    db.exec(
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 1",
    )
    db.close()
    const broken = runOnce('cli.mjs', baseEnv(dataDir), ['audit:verify'])
    expect(broken.stdout).toBe(
      'audit chain BROKEN at entry seq 1: identity columns do not match their digest (edited)\n',
    )
    expect(broken.code).toBe(1)
  }, 90_000)
  it('explains its usage for an unknown command', () => {
    const r = runOnce('cli.mjs', baseEnv(join(work, 'none')), ['nope'])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('audit:verify')
  })
})
