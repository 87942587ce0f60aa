// The real appliance (startOutpost: HTTP listener with the WebSocket upgrade) on loopback, a
// tenant with users of each role, and a simulated router with SSH (and a WinBox stand-in) as a
// stored device. Terminals are opened with the `ws` client exactly as a browser would: the
// session cookie and an Origin header.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import WebSocket from 'ws'
import { issueTokens } from '../../../src/auth/session-tokens.ts'
import type { TenantRole } from '../../../src/auth/auth.types.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../../src/http/session-cookies.ts'
import { newId, type TenantId, type TokenFamilyId, type UserId } from '../../../src/lib/ids.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { startWinboxStandIn, type WinboxStandIn } from '../../../src/sim/winbox.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import type { TestDeps } from '../../support/db.ts'
import { freePort } from '../../support/free-port.ts'
import { makeTenant, makeUser } from '../../support/login.ts'

export interface RemoteHarness {
  outpost: RunningOutpost
  tenantId: TenantId
  sim: SimDevice
  winbox: WinboxStandIn
  deviceId: string
  /** a new user of `role` in the tenant, signed in: its Cookie header value */
  signIn(role: TenantRole): Promise<{ cookie: string; userId: UserId }>
  addDevice(sim: SimDevice, name: string): Promise<string>
  close(): Promise<void>
}

const quiet = new Writable({ write: (_c, _e, done) => done() })

export async function startRemoteHarness(env: Record<string, string> = {}): Promise<RemoteHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-remote-'))
  const winbox = await startWinboxStandIn({ host: '127.0.0.1', port: 0 })
  const firstPort = await freePort()
  const outpost = await startOutpost(
    {
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_TERMINAL_RECORD: 'true',
      OUTPOST_WINBOX_DEVICE_PORT: String(winbox.port),
      OUTPOST_WINBOX_PORTS: `${firstPort}-${firstPort + 20}`,
      ...env,
    },
    { logDestination: quiet },
  )
  const deps = outpost.deps as unknown as TestDeps
  const tenant = await makeTenant(deps)
  const sims: SimDevice[] = []
  const add = async (sim: SimDevice, name: string) => {
    const scope = forTenant(deps.kysely, tenant.id)
    const actor = { kind: 'user' as const, id: 'harness', name: 'harness', ip: null }
    const input = deviceCreateSchema.parse({
      name,
      host: sim.host,
      api_port: '1',
      ssh_port: String(sim.sshPort),
      username: sim.username,
      password: sim.password,
      is_enabled: 'false',
    })
    const r = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
    if (!r.ok) throw new Error('device seed failed')
    return r.device.id
  }
  const sim = await startDevice({
    persona: 'rb5009-7.15',
    name: 'term-sim',
    services: { api: false, apiSsl: false, ssh: true },
  })
  sims.push(sim)
  const deviceId = await add(sim, 'term-router')
  return {
    outpost,
    tenantId: tenant.id,
    sim,
    winbox,
    deviceId,
    addDevice: add,
    async signIn(role) {
      const user = await makeUser(deps, { memberships: [{ tenantId: tenant.id, role }] })
      return { cookie: await sessionCookie(deps, user.id, tenant.id), userId: user.id }
    },
    async close() {
      await outpost.stop()
      for (const s of sims) await s.close()
      await winbox.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A fresh session of the user in the tenant, as the Cookie header a browser would send. */
export async function sessionCookie(
  deps: TestDeps,
  userId: UserId,
  tenantId: TenantId,
): Promise<string> {
  const now = Date.now()
  const tokens = await withTransaction(deps, (tx) =>
    issueTokens(tx.global, deps.secrets.tokenKey, {
      userId,
      familyId: newId<TokenFamilyId>(now),
      tenantId,
      meta: { ip: '127.0.0.1', userAgent: 'test' },
      now,
    }),
  )
  return `${ACCESS_COOKIE}=${tokens.access}; ${REFRESH_COOKIE}=${tokens.refresh}`
}

export interface TermClient {
  ws: WebSocket
  /** everything the device printed so far */
  output(): string
  controls: { t: string; m?: string }[]
  waitFor(text: string | RegExp | ((out: string) => boolean), timeoutMs?: number): Promise<void>
  waitControl(t: string, timeoutMs?: number): Promise<{ t: string; m?: string }>
  closed: Promise<{ code: number; reason: string }>
  type(text: string): void
}

/** Opens a terminal WebSocket; rejects with the HTTP status when the upgrade is refused. */
export function openTerminal(
  base: string,
  deviceId: string,
  cookie: string | undefined,
  origin = base,
): Promise<TermClient> {
  const url = `${base.replace(/^http/, 'ws')}/devices/${deviceId}/terminal/socket?cols=100&rows=30`
  const headers: Record<string, string> = { Origin: origin }
  if (cookie !== undefined) headers.Cookie = cookie
  const ws = new WebSocket(url, { headers })
  let out = ''
  const controls: { t: string; m?: string }[] = []
  const listeners = new Set<() => void>()
  ws.on('message', (data, isBinary) => {
    if (isBinary) out += data.toString()
    else controls.push(JSON.parse(data.toString()) as { t: string; m?: string })
    for (const l of listeners) l()
  })
  const until = (ok: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (ok()) return resolve()
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(
          new Error(`timed out waiting for ${what}; output: ${JSON.stringify(out.slice(-300))}`),
        )
      }, timeoutMs)
      const check = () => {
        if (!ok()) return
        clearTimeout(timer)
        listeners.delete(check)
        resolve()
      }
      listeners.add(check)
    })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => reject(Object.assign(new Error(body.trim()), { status: res.statusCode })))
    })
    ws.on('error', reject)
    ws.on('open', () =>
      resolve({
        ws,
        output: () => out,
        controls,
        closed,
        waitFor: (text, timeoutMs = 5000) =>
          until(
            () =>
              typeof text === 'string'
                ? out.includes(text)
                : typeof text === 'function'
                  ? text(out)
                  : text.test(out),
            String(text),
            timeoutMs,
          ),
        waitControl: async (t, timeoutMs = 8000) => {
          await until(() => controls.some((c) => c.t === t), `control ${t}`, timeoutMs)
          return controls.find((c) => c.t === t)!
        },
        type: (text) => ws.send(JSON.stringify({ t: 'i', d: text })),
      }),
    )
  })
}
