// syslog_pattern rules: a simulated router forwards its log over TCP to the real receiver, the
// stored batch reaches the real alert engine (wired like startup.ts), and an alert with the line
// in its message opens, with an outbox message for notifications; other lines open nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AlertEngine } from '../../../src/alerts/index.ts'
import { syslogMatcher } from '../../../src/alerts/rules.ts'
import { EventBus } from '../../../src/poller/index.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSyslogForwarder } from '../../../src/sim/syslog.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { loginAs } from '../../support/login.ts'
import { createSyslogHarness, type SyslogHarness } from '../syslog/syslog-harness.ts'

let h: SyslogHarness
let engine: AlertEngine
let bus: EventBus
beforeEach(async () => {
  const wired: { engine?: AlertEngine } = {}
  h = await createSyslogHarness(
    {},
    { onStored: (t, d, lines) => wired.engine?.syslogStored(t, d, lines) },
  )
  bus = new EventBus()
  engine = new AlertEngine({
    kysely: h.deps.kysely,
    log: h.deps.log,
    clock: h.deps.clock,
    bus,
    publicUrl: 'https://outpost.test',
  })
  engine.start()
  wired.engine = engine
})
afterEach(async () => {
  await h.close()
  await engine.stop()
})

/** One TCP forwarder for the whole test (a new one would send the router's whole log again). */
function forwarder(router: SimRouter) {
  const tcp = startSyslogForwarder(() => [router], {
    address: '127.0.0.1',
    port: h.port,
    protocol: 'tcp',
    intervalMs: 60_000,
  })
  let frames = 0
  return {
    async send(topics: string, msg: string) {
      router.addLog(topics, msg)
      await tcp.flush()
      await h.settle(++frames)
      await engine.idle()
    },
    stop: () => tcp.stop(),
  }
}

describe('syslog_pattern alert rules', () => {
  it('matches substrings case-insensitively and globs on the whole message', () => {
    expect(syslogMatcher('Link DOWN')('ether1 link down')).toBe(true)
    expect(syslogMatcher('*login failure*root*')('login failure for user root from 10.0.0.9')).toBe(
      true,
    )
    expect(syslogMatcher('login failure*')('user admin login failure')).toBe(false)
    expect(syslogMatcher('a.b')('axb')).toBe(false)
  })

  it('opens an alert with the matching line sent over TCP, and nothing for other lines or lower severities', async () => {
    const router = new SimRouter({ name: 'edge-1' })
    const id = await h.addDevice('edge-1', '127.0.0.1')
    const fwd = forwarder(router)
    const a = await loginAs(h.t, 'admin', h.tenantId as TenantId)
    const bad = await a.request('POST', '/api/v1/alert-rules', {
      json: { name: 'x', kind: 'syslog_pattern' },
    })
    expect(bad.status).toBe(422)
    expect(
      ((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.label,
    ).toBe('Enter the text pattern to look for.')
    const made = await a.request('POST', '/api/v1/alert-rules', {
      json: {
        name: 'SSH login failures',
        kind: 'syslog_pattern',
        label: 'Login Failure',
        minSeverity: 'warning',
        severity: 'critical',
      },
    })
    expect(made.status).toBe(201)
    expect(await made.json()).toMatchObject({
      rule: { kind: 'syslog_pattern', label: 'Login Failure', threshold: 4 },
    })

    await fwd.send('system,info,account', 'user admin logged in from 10.0.0.5 via winbox')
    // matches the text but is only info: below the rule's minimum severity
    await fwd.send('system,info', 'login failure noted at info level')
    const none = await h.scope.selectFrom('alerts').select('id').execute()
    expect(none).toEqual([])

    await fwd.send('system,error', 'login failure for user root from 10.0.0.9 via ssh')
    const alerts = await h.scope
      .selectFrom('alerts')
      .select(['id', 'device_id', 'kind', 'state', 'severity', 'message'])
      .execute()
    expect(alerts).toEqual([
      {
        id: expect.any(String),
        device_id: id,
        kind: 'syslog_pattern',
        state: 'open',
        severity: 'critical',
        message:
          'Syslog pattern "Login Failure": login failure for user root from 10.0.0.9 via ssh',
      },
    ])
    // the alert goes through the outbox like every other (no channel yet: the default route has none)
    const api = (await (await a.request('GET', '/api/v1/alerts?state=open')).json()) as {
      alerts: { message: string }[]
    }
    expect(api.alerts.map((x) => x.message)).toEqual([alerts[0]?.message])

    // a second match while open does not open another; a poll after the quiet period resolves it
    await fwd.send('system,error', 'login failure for user admin from 10.0.0.9 via ssh')
    expect(await h.scope.selectFrom('alerts').select('id').execute()).toHaveLength(1)
    bus.emit('device.polled', {
      tenantId: h.tenantId,
      deviceId: id,
      status: 'online',
      at: h.deps.clock.now() + 11 * 60_000,
      durationMs: 5,
      points: [],
    })
    await engine.idle()
    expect(await h.scope.selectFrom('alerts').select('state').execute()).toEqual([
      { state: 'resolved' },
    ])
    await fwd.stop()
  })

  it('is added and shown on the rules page, with a clear message when the pattern is missing', async () => {
    const a = await loginAs(h.t, 'admin', h.tenantId as TenantId)
    const form = {
      name: 'Link flaps',
      kind: 'syslog_pattern',
      minSeverity: 'error',
      durationS: '0',
      threshold: '0',
      comparison: '>',
      polls: '1',
      hysteresis: '0',
      severity: 'warning',
      scopeKind: 'tenant',
    }
    const missing = await a.post('/alerts/rules', { ...form, label: '' })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain('Enter the text pattern to look for.')
    expect((await a.post('/alerts/rules', { ...form, label: '*link down*' })).status).toBeLessThan(
      400,
    )
    const page = await (await a.get('/alerts/rules')).text()
    expect(page).toContain(
      'syslog_pattern (*link down*) a line matches, error or worse; quiet 600 s resolves',
    )
    expect(
      await h.scope
        .selectFrom('alert_rules')
        .select(['label', 'threshold'])
        .where('kind', '=', 'syslog_pattern')
        .execute(),
    ).toEqual([{ label: '*link down*', threshold: 3 }])
  })
})
