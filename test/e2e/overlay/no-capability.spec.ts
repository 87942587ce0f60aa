// The built server in a process without NET_ADMIN and without the WireGuard tools on its PATH
// (as in a container started without --cap-add NET_ADMIN): it starts, the overlay page and API
// name exactly what is missing, and the rest of Outpost answers normally.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser } from '../../support/http-browser.ts'
import { buildServer, removeBuild } from '../harness.ts'

let serverFile: string
let dataDir: string
let child: ChildProcess
let url: string
const logs: string[] = []

beforeAll(async () => {
  serverFile = await buildServer()
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-nocap-'))
  child = spawn(
    'setpriv',
    [
      ...['--bounding-set', '-net_admin', '--inh-caps', '-net_admin'],
      ...['/usr/bin/env', 'PATH=/nonexistent-outpost-tools', process.execPath, serverFile],
    ],
    {
      env: {
        ...process.env,
        OUTPOST_DATA_DIR: dataDir,
        OUTPOST_PORT: '0',
        OUTPOST_HOST: '127.0.0.1',
        OUTPOST_OVERLAY_PORT: '51820',
        OUTPOST_OVERLAY_INTERFACE: `ovln${process.pid}`.slice(0, 15),
        OUTPOST_ARGON2_PROFILE: 'light',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (d) => (stderr += String(d)))
  url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 30_000)
    child.once('exit', (code) => fail(new Error(`server exited (${code}): ${stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line)
      const m = /"url":"(http:[^"]+)".*"msg":"outpost listening"/.exec(line)
      if (m) {
        clearTimeout(timer)
        ok(m[1] as string)
      }
    })
  })
}, 120_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((ok) => child.once('exit', ok))
    child.kill('SIGTERM')
    await exited
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  if (serverFile) removeBuild(serverFile)
})

describe('a host without the capability to manage interfaces', () => {
  it('says exactly what is missing; the rest of Outpost works', async () => {
    expect(logs.some((l) => l.includes('overlay unavailable'))).toBe(true)
    const b = new Browser(url)
    expect((await b.req('GET', '/health')).status).toBe(200)
    const first = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim()
    await b.req('POST', '/login', {
      form: { username: 'admin', password: first, _csrf: await b.token('/login') },
    })
    const pw = 'no capability e2e passphrase'
    await b.req('POST', '/account/password', {
      form: {
        currentPassword: first,
        newPassword: pw,
        confirmPassword: pw,
        _csrf: await b.token('/account/password'),
      },
    })
    const created = await b.req('POST', '/tenants', {
      form: { name: 'NoCap Co', _csrf: await b.token('/tenants') },
    })
    const tenantId = /\/tenants\/([0-9A-Z]{26})$/.exec(created.headers.get('location') ?? '')?.[1]
    await b.req('POST', '/session/tenant', {
      form: { tenantId: tenantId ?? '', returnTo: '/', _csrf: await b.token('/') },
    })
    const page = await (await b.req('GET', '/overlay')).text()
    expect(page).toContain('The overlay cannot run on this host')
    expect(page).toContain('NET_ADMIN capability')
    expect(page).toContain('(Debian package iproute2)')
    expect(page).toContain('(Debian package wireguard-tools)')
    const api = (await (await b.req('GET', '/api/v1/overlay')).json()) as {
      interface: { state: { kind: string; missing: string[] } }
    }
    expect(api.interface.state.kind).toBe('unavailable')
    expect(api.interface.state.missing).toHaveLength(4)
    expect((await b.req('GET', '/devices')).status).toBe(200)
    expect((await b.req('GET', '/')).status).toBe(200)
  }, 60_000)
})
