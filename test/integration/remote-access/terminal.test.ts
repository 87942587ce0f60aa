// The browser terminal against the real appliance and a simulated router's SSH server over real
// sockets: a command typed through the WebSocket runs on the device; keystroke-to-echo latency;
// open and close audited with duration and bytes; the recording sealed at rest and replayable by
// admins only; and each refusal (no session, another origin, viewer, limits, idle) clear and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevice } from '../../../src/sim/index.ts'
import { openTerminal, startRemoteHarness, type RemoteHarness } from './remote-harness.ts'
import { auditRows as readAuditRows } from '../../support/audit.ts'

let h: RemoteHarness
let operator: { cookie: string }
let admin: { cookie: string }

beforeAll(async () => {
  h = await startRemoteHarness()
  operator = await h.signIn('operator')
  admin = await h.signIn('admin')
}, 30_000)
afterAll(() => h?.close())

async function auditRows(action: string) {
  const rows = await readAuditRows(h.outpost.deps, (q) =>
    q.where('action', '=', action).orderBy('seq'),
  )
  return rows
}

/** waits until the hub has finished (and audited) every session */
async function settled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await h.outpost.deps.kysely
      .selectFrom('terminal_sessions')
      .select('id')
      .where('ended_at', 'is', null)
      .execute()
    if (open.length === 0) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('terminal sessions did not finish')
}

describe('browser terminal', () => {
  it('runs a typed command on the device and shows its output; echo comes back within 50 ms', async () => {
    const term = await openTerminal(h.outpost.url, h.deviceId, operator.cookie)
    await term.waitControl('ready')
    await term.waitFor(`@${h.sim.device.identity}] > `)
    term.type('/system identity print\r')
    await term.waitFor(`name: ${h.sim.device.identity}`)
    // keystroke → echo: one character at a time, measured on loopback
    const times: number[] = []
    for (let i = 0; i < 30; i++) {
      const before = term.output().length
      const start = performance.now()
      term.type('x')
      await term.waitFor((s) => s.length > before && s.slice(before).includes('x'))
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    const p50 = times[Math.floor(times.length / 2)]!
    expect(p50).toBeLessThan(50)
    term.type('\x03')
    term.ws.close(1000)
    await term.closed
    await settled()
    const open = await auditRows('terminal.open')
    expect(open.at(-1)).toMatchObject({ outcome: 'success', target_id: h.deviceId })
    const close = (await auditRows('terminal.close')).at(-1)!
    expect(close.details.reason).toBe('closed by the user')
    expect(close.details.bytesIn).toBeGreaterThan(30)
    expect(close.details.bytesOut).toBeGreaterThan(100)
    expect(close.details.durationMs).toBeGreaterThanOrEqual(0)
  }, 30_000)

  it('keeps the recording sealed at rest and lets only admins replay it', async () => {
    const row = await h.outpost.deps.kysely
      .selectFrom('terminal_sessions')
      .selectAll()
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow()
    expect(row.recording).not.toBeNull()
    expect(Buffer.from(row.recording!).toString('latin1')).not.toContain('identity')
    const url = `${h.outpost.url}/terminal/recordings/${row.id}/cast`
    const asOperator = await fetch(url, { headers: { Cookie: operator.cookie } })
    expect(asOperator.status).toBe(403)
    const res = await fetch(url, { headers: { Cookie: admin.cookie } })
    expect(res.status).toBe(200)
    const lines = (await res.text()).trim().split('\n')
    expect(JSON.parse(lines[0]!)).toMatchObject({ version: 2, width: 100, height: 30 })
    const printed = lines
      .slice(1)
      .map((l) => JSON.parse(l) as [number, string, string])
      .map((e) => e[2])
      .join('')
    expect(printed).toContain(`name: ${h.sim.device.identity}`)
    expect((await auditRows('terminal.replay')).length).toBe(1)
    const list = await fetch(`${h.outpost.url}/terminal/recordings`, {
      headers: { Cookie: admin.cookie },
    })
    expect(await list.text()).toContain(`/terminal/recordings/${row.id}`)
  })

  it('refuses an upgrade without a session, from another origin, and from a viewer; each audited', async () => {
    await expect(openTerminal(h.outpost.url, h.deviceId, undefined)).rejects.toMatchObject({
      status: 401,
      message: 'Sign in first: the terminal needs a session.',
    })
    await expect(
      openTerminal(h.outpost.url, h.deviceId, operator.cookie, 'https://evil.example'),
    ).rejects.toMatchObject({
      status: 403,
      message: 'The terminal accepts WebSockets from this site only.',
    })
    const viewer = await h.signIn('viewer')
    await expect(openTerminal(h.outpost.url, h.deviceId, viewer.cookie)).rejects.toMatchObject({
      status: 403,
    })
    const reasons = (await auditRows('terminal.refused')).map((r) => r.details.reason)
    expect(reasons).toEqual(['no_session', 'origin', 'forbidden'])
  })

  it('holds the per-device (2) and per-user (3) limits and says so', async () => {
    const other = await h.signIn('operator')
    const a = await openTerminal(h.outpost.url, h.deviceId, operator.cookie)
    const b = await openTerminal(h.outpost.url, h.deviceId, other.cookie)
    await Promise.all([a.waitControl('ready'), b.waitControl('ready')])
    const third = await openTerminal(h.outpost.url, h.deviceId, other.cookie)
    expect((await third.waitControl('error')).m).toMatch(/already has 2 terminal sessions open/)
    expect((await third.closed).code).toBe(4008)
    // the operator holds one; two more on a second device reach 3, the fourth is refused
    const sim2 = await startDevice({ name: 'term-sim-2', services: { api: false, apiSsl: false } })
    const second = await h.addDevice(sim2, 'term-router-2')
    const c = await openTerminal(h.outpost.url, second, operator.cookie)
    const d = await openTerminal(h.outpost.url, second, operator.cookie)
    await Promise.all([c.waitControl('ready'), d.waitControl('ready')])
    const fourth = await openTerminal(h.outpost.url, second, operator.cookie)
    expect((await fourth.waitControl('error')).m).toBe(
      'You already have 3 terminal sessions open; close one first.',
    )
    for (const t of [a, b, c, d]) t.ws.close(1000)
    await Promise.all([a, b, c, d].map((t) => t.closed))
    await settled()
    await sim2.close()
    const reasons = (await auditRows('terminal.refused')).map((r) => r.details.reason)
    expect(reasons.slice(-2)).toEqual(['device_limit', 'user_limit'])
  }, 30_000)

  it('tells the user in plain words when the device refuses the login', async () => {
    h.sim.device.faults.set({ loginFailure: true })
    try {
      const t = await openTerminal(h.outpost.url, h.deviceId, operator.cookie)
      expect((await t.waitControl('error')).m).toMatch(/authentication failed/)
      expect((await t.closed).code).toBe(4011)
    } finally {
      h.sim.device.faults.set({ loginFailure: false })
    }
    expect((await auditRows('terminal.open')).at(-1)?.outcome).toBe('failure')
  }, 20_000)
})

describe('idle timeout', () => {
  let idle: RemoteHarness
  beforeAll(async () => {
    idle = await startRemoteHarness({ OUTPOST_TERMINAL_IDLE_S: '1' })
  }, 30_000)
  afterAll(() => idle?.close())

  it('closes a session without input after the idle time and audits why', async () => {
    const { cookie } = await idle.signIn('operator')
    const t = await openTerminal(idle.outpost.url, idle.deviceId, cookie)
    await t.waitControl('ready')
    expect((await t.closed).code).toBe(4012)
    expect(t.controls.find((c) => c.t === 'exit')?.m).toMatch(/without input/)
    for (let i = 0; i < 50; i++) {
      const rows = await readAuditRows(idle.outpost.deps, (q) =>
        q.where('action', '=', 'terminal.close'),
      )
      if (rows.length > 0) {
        expect(JSON.parse(rows[0]!.details_json)).toMatchObject({ reason: 'idle timeout' })
        return
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('no terminal.close audit entry')
  }, 20_000)
})
