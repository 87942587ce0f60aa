// Benchmark: argon2id cost per profile, and the per-request cost of sessions against the BUILT
// server (node build.ts → dist/server.mjs on a free loopback port, temp data dir).
// Run: node test/bench/auth-session.ts
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { hashPassword, verifyPassword, type HashProfile } from '../../src/auth/password-hash.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0
  return { median: at(0.5), p95: at(0.95) }
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

const rows: [string, string, string][] = []
const ms = (n: number) => `${n.toFixed(2)} ms`

for (const profile of ['owasp', 'light'] as HashProfile[]) {
  const hashes: number[] = []
  const verifies: number[] = []
  let hash = ''
  for (let i = 0; i < 8; i++)
    hashes.push(await time(async () => (hash = await hashPassword('bench passphrase', profile))))
  for (let i = 0; i < 8; i++)
    verifies.push(await time(() => verifyPassword(hash, 'bench passphrase')))
  rows.push([`argon2id hash (${profile})`, ms(stats(hashes).median), ms(stats(hashes).p95)])
  rows.push([`argon2id verify (${profile})`, ms(stats(verifies).median), ms(stats(verifies).p95)])
}

const build = spawnSync(process.execPath, ['build.ts'], { cwd: ROOT, encoding: 'utf8' })
if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`)
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-auth-'))
const child = spawn(process.execPath, ['dist/server.mjs'], {
  cwd: ROOT,
  env: {
    ...process.env,
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const base = await new Promise<string>((ok, fail) => {
  child.once('exit', (code) => fail(new Error(`server exited with ${code}`)))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const entry = JSON.parse(line) as { msg?: string; url?: string }
    if (entry.msg === 'outpost listening' && entry.url) ok(entry.url)
  })
})

const jar = new Map<string, string>()
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
function keep(res: Response) {
  for (const l of res.headers.getSetCookie()) {
    const [pair] = l.split(';')
    const i = pair?.indexOf('=') ?? -1
    if (pair && i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1))
  }
}
async function page(path: string, body?: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { Cookie: cookie() }
  let payload: string | undefined
  if (body) {
    const html = await (await fetch(`${base}/login`, { headers })).text()
    const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
    payload = new URLSearchParams({ ...body, _csrf: token }).toString()
    Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base })
  }
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers,
    body: payload,
    redirect: 'manual',
  })
  keep(res)
  await res.arrayBuffer()
  return res
}

const password = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim()
keep(await fetch(`${base}/login`))
const login = await time(() => page('/login', { username: 'admin', password }))
rows.push(['POST /login (owasp, end to end)', ms(login), ''])
const csrfPage = await (
  await fetch(`${base}/account/password`, { headers: { Cookie: cookie() } })
).text()
const token = csrfPage.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
const change = await fetch(`${base}/account/password`, {
  method: 'POST',
  redirect: 'manual',
  headers: { Cookie: cookie(), Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    _csrf: token,
    currentPassword: password,
    newPassword: 'bench admin passphrase',
    confirmPassword: 'bench admin passphrase',
  }),
})
keep(change)

for (const [label, path, headers] of [
  ['GET / (signed in, full page)', '/', {}],
  ['GET /account (signed in)', '/account', {}],
  ['GET /login (anonymous)', '/login', { Cookie: '' }],
  ['GET /assets/app.css', '/assets/app.css', {}],
] as [string, string, Record<string, string>][]) {
  const samples: number[] = []
  for (let i = 0; i < 300; i++) {
    samples.push(
      await time(async () => {
        const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie(), ...headers } })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
      }),
    )
  }
  const s = stats(samples)
  rows.push([label, ms(s.median), ms(s.p95)])
}

child.kill('SIGTERM')
await new Promise((ok) => child.once('exit', ok))
rmSync(dataDir, { recursive: true, force: true })

const w = Math.max(...rows.map((r) => r[0].length))
process.stdout.write(`${'measure'.padEnd(w)}  ${'median'.padStart(10)}  ${'p95'.padStart(10)}\n`)
for (const [a, b, c] of rows)
  process.stdout.write(`${a.padEnd(w)}  ${b.padStart(10)}  ${c.padStart(10)}\n`)
