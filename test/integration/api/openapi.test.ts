// GET /api/v1/openapi.json against the app itself: every /api/v1 route registered in the app is in
// the document, and real answers of every documented operation (a scenario through all of them,
// with a simulated router polled for real) match the document's schemas, read back from the
// document's JSON (not from the zod schemas it was generated from).
import { inspectRoutes } from 'hono/dev'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createApp } from '../../../src/app.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { base32Decode, totpAt } from '../../../src/lib/totp.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { createHarness, type Harness } from '../poller/poller-harness.ts'
import { flushKeyUse } from '../../../src/privacy/index.ts'
import { loginAs, makeUser, TEST_PASSWORD } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startDevice } from '../../../src/sim/index.ts'
import { startSshServer } from '../../../src/sim/ssh/ssh-server.ts'
import { ROUTE_POLICY } from '../route-policy.ts'

type Json = Record<string, unknown>

let h: Harness
let t: TestApp & { app: ReturnType<typeof createApp> }
let doc: {
  paths: Record<string, Record<string, Json>>
  components: { schemas: Record<string, Json> }
}
let root: TestAgent
let admin: TestAgent
let rt: DeviceRuntime
const covered = new Set<string>()
const problems: string[] = []

beforeAll(async () => {
  h = await createHarness()
  const live = { latestOf: () => [], metrics: h.backend }
  const app = createApp(h.deps, { live })
  let ip = 1
  t = {
    app,
    deps: h.deps,
    agent: (addr) => new TestAgent(app, h.deps, addr ?? `10.61.0.${ip++}`),
    close: () => h.close(),
  }
  root = await loginAs(t, 'super_admin')
  admin = await loginAs(t, 'admin', h.tenantId as TenantId)
  // a simulated router, polled twice for real: snapshots, events and samples behind the data routes
  const sim = await h.sim('api-doc-router')
  rt = await h.addDevice(sim)
  await h.poll(rt)
  h.clock.advance(60_000)
  await h.poll(rt)
  const res = await t.agent().get('/api/v1/openapi.json')
  expect(res.status).toBe(200)
  doc = (await res.json()) as typeof doc
}, 30_000)
afterAll(() => h.close())

/** The documented operation a concrete URL belongs to (literal segments win over parameters). */
function operationOf(method: string, url: string): { key: string; op: Json } | undefined {
  const path = url.split('?')[0] ?? ''
  const candidates = Object.keys(doc.paths)
    .filter((p) =>
      new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path),
    )
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
  const template = candidates[0]
  const op = template ? doc.paths[template]?.[method.toLowerCase()] : undefined
  return template && op ? { key: `${method} ${template}`, op } : undefined
}

function resolve(schema: Json): Json {
  const ref = schema.$ref
  if (typeof ref !== 'string') return schema
  const name = ref.replace('#/components/schemas/', '')
  const target = doc.components.schemas[name]
  if (!target) throw new Error(`unresolved ${ref}`)
  return target
}

/** Calls the API and checks the answer against the document; records the operation as covered. */
async function call(
  agent: TestAgent,
  method: string,
  url: string,
  json?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders }
  if (method !== 'GET' && json === undefined) headers['X-CSRF-Token'] = await agent.csrfToken()
  const res = await agent.request(method, url, { headers, ...(json === undefined ? {} : { json }) })
  const found = operationOf(method, url)
  if (!found) {
    problems.push(`${method} ${url}: not in the document`)
    return res
  }
  const answer = (found.op.responses as Record<string, Json>)[String(res.status)]
  if (!answer) {
    problems.push(
      `${method} ${url}: status ${res.status} not documented (${await res.clone().text()})`,
    )
    return res
  }
  const content = answer.content as Record<string, { schema: Json }> | undefined
  if (!content) {
    if (res.status !== 204 || (await res.clone().text()) !== '')
      problems.push(`${method} ${url}: expected no body`)
  } else if (content['text/csv']) {
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/)
  } else if (content['application/pdf']) {
    expect(res.headers.get('Content-Type')).toBe('application/pdf')
  } else if (content['text/plain']) {
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/)
  } else {
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    const schema = z.fromJSONSchema(resolve(content['application/json']?.schema ?? {}) as never)
    const parsed = schema.safeParse(await res.clone().json())
    if (!parsed.success)
      problems.push(
        `${method} ${url} ${res.status}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`,
      )
  }
  if (res.status < 300) covered.add(found.key)
  return res
}

async function data<T = Json>(res: Response): Promise<T> {
  return (await res.json()) as T
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every /api/v1 route the app serves, and nothing else', () => {
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'Outpost API' } })
    const served = new Set<string>()
    for (const r of inspectRoutes(t.app)) {
      if (r.method === 'ALL' || !r.path.startsWith('/api/v1/')) continue
      served.add(`${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    }
    const documented = new Set<string>()
    for (const [path, item] of Object.entries(doc.paths))
      for (const m of Object.keys(item)) documented.add(`${m.toUpperCase()} ${path}`)
    expect([...served].filter((r) => !documented.has(r))).toEqual([])
    expect([...documented].filter((r) => !served.has(r))).toEqual([])
    expect(served.size).toBeGreaterThan(50)
  })

  it('states the minimum role the isolation matrix enforces, with unique operation ids', () => {
    const ids = new Set<string>()
    const wrong: string[] = []
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`
        if (ROUTE_POLICY[key]?.min !== op['x-min-role'])
          wrong.push(`${key}: ${String(op['x-min-role'])} vs ${ROUTE_POLICY[key]?.min}`)
        ids.add(String(op.operationId))
      }
    }
    expect(wrong).toEqual([])
    expect(ids.size).toBe(
      Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0),
    )
  })

  it('documents request bodies with the validating schemas, in camelCase', () => {
    const patch = doc.paths['/api/v1/devices/{deviceId}']?.patch as Json
    const body = ((patch.requestBody as Json).content as Record<string, { schema: Json }>)[
      'application/json'
    ]?.schema as Json
    const props = Object.keys(body.properties as Json)
    expect(props).toEqual(
      expect.arrayContaining([
        'apiPort',
        'tlsMode',
        'siteId',
        'tagIds',
        'pollIntervalS',
        'enabled',
        'saveAnyway',
      ]),
    )
    expect(props.filter((p) => p.includes('_'))).toEqual([])
    expect((body.properties as Record<string, Json>).apiPort).toMatchObject({
      anyOf: expect.arrayContaining([expect.objectContaining({ maximum: 65535 })]),
    })
  })
})

describe('real answers match the document', () => {
  it('through every operation', async () => {
    const a = admin
    await call(a, 'GET', '/api/v1/openapi.json')
    await call(a, 'GET', '/api/v1/me')

    // labels
    const ids: Record<string, string> = {}
    for (const [kind, one] of [
      ['sites', 'site'],
      ['tags', 'tag'],
      ['groups', 'group'],
    ] as const) {
      const made = await data<Record<string, { id: string }>>(
        await call(a, 'POST', `/api/v1/${kind}`, { name: `Doc ${one}`, description: 'x' }),
      )
      const id = made[one]?.id ?? ''
      ids[one] = id
      await call(a, 'GET', `/api/v1/${kind}`)
      await call(a, 'GET', `/api/v1/${kind}/${id}`)
      await call(a, 'PATCH', `/api/v1/${kind}/${id}`, { description: 'changed' })
    }

    // devices
    const added = await call(a, 'POST', '/api/v1/devices', [
      {
        name: 'doc-1',
        host: '127.0.0.1',
        apiPort: 1,
        username: 'admin',
        siteId: ids.site,
        tagIds: [ids.tag],
        groupIds: [ids.group],
      },
      {
        name: 'doc-2',
        host: '127.0.0.1',
        apiPort: 1,
        username: 'admin',
        password: 'Doc-Secret-2',
        enabled: false,
      },
    ])
    expect(added.status).toBe(201)
    const [d1, d2] = (await data<{ devices: { id: string }[] }>(added)).devices
    expect(
      (
        await call(a, 'POST', '/api/v1/devices', {
          name: 'doc-one',
          host: '127.0.0.1',
          apiPort: 1,
          username: 'admin',
          saveAnyway: true,
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await call(a, 'POST', '/api/v1/devices', {
          name: 'doc-one-b',
          host: '127.0.0.1',
          apiPort: 1,
          username: 'admin',
        })
      ).status,
    ).toBe(422)
    await call(a, 'GET', '/api/v1/devices?pageSize=10&sort=name')
    await call(a, 'GET', `/api/v1/devices/${d1?.id}`)
    await call(a, 'PATCH', `/api/v1/devices/${d1?.id}`, { notes: 'edited by the API' })
    await call(a, 'PATCH', `/api/v1/devices/${d1?.id}`, { host: '127.0.0.2', saveAnyway: true })
    expect(
      (await call(a, 'PATCH', `/api/v1/devices/${d1?.id}`, { host: '127.0.0.3' })).status,
    ).toBe(422)
    await call(a, 'POST', `/api/v1/devices/${d2?.id}/enable`)
    await call(a, 'POST', `/api/v1/devices/${d2?.id}/disable`)
    await call(a, 'POST', `/api/v1/devices/${d2?.id}/check`)
    await call(a, 'GET', '/api/v1/devices/export.csv')
    await call(a, 'POST', '/api/v1/devices/import', {
      csv: 'name,host,username,password\ndoc-3,10.9.0.3,admin,Doc-Secret-3\n',
    })
    await call(a, 'POST', '/api/v1/devices/bulk', {
      deviceIds: [d1?.id, d2?.id],
      pollIntervalS: 120,
    })
    // credential profiles (issue 15): create, list, read, give a device a profile, rotate, delete
    const cp = (
      (await (
        await call(a, 'POST', '/api/v1/credential-profiles', {
          name: 'doc-profile',
          username: 'admin',
          password: 'Doc-Profile-1',
        })
      ).json()) as { credentialProfile: unknown }
    ).credentialProfile as { id: string }
    await call(a, 'GET', '/api/v1/credential-profiles')
    await call(a, 'GET', `/api/v1/credential-profiles/${cp.id}`)
    await call(a, 'PATCH', `/api/v1/devices/${d1?.id}`, {
      credentialProfileId: cp.id,
      saveAnyway: true,
    })
    await call(a, 'POST', '/api/v1/devices/bulk', {
      deviceIds: [d2?.id],
      credentialProfileId: cp.id,
    })
    await call(a, 'PATCH', `/api/v1/credential-profiles/${cp.id}`, { password: 'Doc-Profile-2' })
    expect((await call(a, 'DELETE', `/api/v1/credential-profiles/${cp.id}`)).status).toBe(409)
    const unused = (
      (await (
        await call(a, 'POST', '/api/v1/credential-profiles', { name: 'doc-unused', username: 'x' })
      ).json()) as { credentialProfile: unknown }
    ).credentialProfile as { id: string }
    expect((await call(a, 'DELETE', `/api/v1/credential-profiles/${unused.id}`)).status).toBe(204)
    expect(
      (await call(a, 'POST', '/api/v1/devices', [{ name: 'bad', host: 'no host!' }])).status,
    ).toBe(422)

    // the polled router's data and the dashboard
    for (const tab of [
      'overview?range=24h',
      'interfaces',
      'clients',
      'neighbours',
      'events?limit=1',
    ]) {
      expect((await call(a, 'GET', `/api/v1/devices/${rt.deviceId}/${tab}`)).status).toBe(200)
    }
    await call(a, 'GET', '/api/v1/dashboard')

    // alerts and rules (an alert row as the engine stores it)
    const alertId = newId()
    await h.scope
      .insertInto('alerts', {
        id: alertId,
        device_id: rt.deviceId as never,
        rule_id: alertId,
        rule_name: 'CPU',
        kind: 'cpu',
        label: null,
        severity: 'warning',
        state: 'open',
        value: 95,
        threshold: 90,
        message: 'CPU load 95 % > 90 %',
        opened_at: h.clock.now(),
        acked_at: null,
        acked_by: null,
        ack_note: null,
        resolved_at: null,
        is_silenced: 0,
      })
      .execute()
    await call(a, 'GET', '/api/v1/alerts?state=open')
    await call(a, 'GET', `/api/v1/alerts/${alertId}`)
    await call(a, 'POST', `/api/v1/alerts/${alertId}/ack`, { note: 'on it' })
    await call(a, 'POST', `/api/v1/alerts/${alertId}/resolve`)
    await call(a, 'GET', '/api/v1/alert-rules')
    const rule = await data<{ rule: { id: string } }>(
      await call(a, 'POST', '/api/v1/alert-rules', {
        name: 'Doc rule',
        kind: 'cpu',
        threshold: 95,
      }),
    )
    await call(a, 'GET', `/api/v1/alert-rules/${rule.rule.id}`)
    await call(a, 'PATCH', `/api/v1/alert-rules/${rule.rule.id}`, { threshold: 97 })
    await call(a, 'DELETE', `/api/v1/alert-rules/${rule.rule.id}`)
    // syslog_pattern rule (issue 13 follow-up): label is the pattern, minSeverity becomes the threshold
    const logRule = await data<{ rule: { id: string } }>(
      await call(a, 'POST', '/api/v1/alert-rules', {
        name: 'Doc log rule',
        kind: 'syslog_pattern',
        label: '*link down*',
        minSeverity: 'warning',
        durationS: 900,
      }),
    )
    await call(a, 'DELETE', `/api/v1/alert-rules/${logRule.rule.id}`)
    // notification channels (a refused loopback port: the test answers ok=false, nothing leaves the host)
    const chan = await data<{ channel: { id: string } }>(
      await call(a, 'POST', '/api/v1/channels', {
        type: 'webhook',
        name: 'Doc hook',
        url: 'http://127.0.0.1:9/hook',
        secret: 'doc-secret-0123456789',
      }),
    )
    await call(a, 'GET', '/api/v1/channels')
    await call(a, 'GET', `/api/v1/channels/${chan.channel.id}`)
    await call(a, 'PATCH', `/api/v1/channels/${chan.channel.id}`, { minSeverity: 'warning' })
    await call(a, 'POST', `/api/v1/channels/${chan.channel.id}/test`)
    await call(a, 'GET', `/api/v1/channels/${chan.channel.id}/deliveries`)
    await call(a, 'DELETE', `/api/v1/channels/${chan.channel.id}`)
    // maintenance windows and syslog (issue 13): a weekly and a one-off window, a stored log line
    await call(a, 'GET', '/api/v1/maintenance-windows')
    const win = await data<{ window: { id: string } }>(
      await call(a, 'POST', '/api/v1/maintenance-windows', {
        name: 'Doc window',
        scopeKind: 'device',
        scopeId: rt.deviceId,
        kind: 'weekly',
        days: ['Tue'],
        startTime: '02:00',
        durationMin: 90,
      }),
    )
    await call(a, 'GET', `/api/v1/maintenance-windows/${win.window.id}`)
    await call(a, 'PATCH', `/api/v1/maintenance-windows/${win.window.id}`, {
      name: 'Doc window',
      scopeKind: 'tenant',
      kind: 'once',
      startsAt: '2026-12-24T18:00',
      endsAt: '2026-12-26T08:00',
    })
    await call(a, 'DELETE', `/api/v1/maintenance-windows/${win.window.id}`)
    // remote access (issue 14): a WinBox forward for the caller's address, then closed
    const wb = await call(a, 'POST', `/api/v1/devices/${rt.deviceId}/winbox`)
    expect((await data<{ port: number }>(wb)).port).toBeGreaterThan(0)
    await call(a, 'DELETE', `/api/v1/devices/${rt.deviceId}/winbox`)
    // PDF reports (issue 18): a fleet summary up to today (yesterday too: the tenant's day may
    // start later than UTC's), read, downloaded as PDF, deleted
    const today = new Date(h.deps.clock.now()).toISOString().slice(0, 10)
    const yesterday = new Date(h.deps.clock.now() - 86_400_000).toISOString().slice(0, 10)
    await call(a, 'GET', '/api/v1/reports')
    const rep = await data<{ report: { id: string; downloadUrl: string } }>(
      await call(a, 'POST', '/api/v1/reports', { kind: 'summary', from: yesterday, to: today }),
    )
    await call(a, 'GET', `/api/v1/reports/${rep.report.id}`)
    expect((await call(a, 'GET', rep.report.downloadUrl)).status).toBe(200)
    await call(a, 'DELETE', `/api/v1/reports/${rep.report.id}`)
    // topology and compliance (issue 18): the graph of the polled router, a site's coordinates,
    // results after an evaluation, one device's history, and a custom rule added and deleted
    await call(a, 'POST', `/api/v1/topology/sites/${ids.site}/location`, {
      latitude: 48.2,
      longitude: 16.37,
    })
    await call(a, 'GET', '/api/v1/topology')
    await call(a, 'POST', '/api/v1/compliance/evaluate')
    await call(a, 'GET', '/api/v1/compliance')
    await call(a, 'GET', `/api/v1/compliance/devices/${rt.deviceId}`)
    const crule = await data<{ rule: { id: string } }>(
      await call(a, 'POST', '/api/v1/compliance/rules', {
        name: 'DNS closed',
        path: '/ip dns',
        mode: 'must_not_contain',
        pattern: 'allow-remote-requests=yes',
      }),
    )
    await call(a, 'GET', '/api/v1/compliance/rules')
    await call(a, 'DELETE', `/api/v1/compliance/rules/${crule.rule.id}`)
    // edge appliances (issue 20): a registration, the edge's token exchange and one batch with a
    // device, a change queued centrally for that device, pulled and reported by the edge, revoke
    const reg = await data<{ edge: { id: string }; token: string }>(
      await call(a, 'POST', '/api/v1/edges', { name: 'Doc edge' }),
    )
    await call(a, 'GET', '/api/v1/edges')
    const cred = await data<{ secret: string }>(
      await call(a, 'POST', '/api/v1/edge/register', { token: reg.token, version: 'doc' }),
    )
    const asEdge = { Authorization: `Bearer ${cred.secret}` }
    const edgeDevice = '01JEDGEDEVCE00000000000000'
    await call(
      a,
      'POST',
      '/api/v1/edge/batches',
      {
        entries: [
          {
            seq: 1,
            kind: 'poll',
            deviceId: edgeDevice,
            at: h.clock.now(),
            payload: {
              device: { name: 'doc-edge', host: '10.9.9.9' },
              patch: { last_status: 'online', last_error: null, last_polled_at: h.clock.now() },
              events: [{ kind: 'came_online', message: 'doc' }],
              points: [{ metric: 'cpu', value: 3 }],
              snapshots: [],
            },
          },
        ],
        backlog: 0,
        version: 'doc',
      },
      asEdge,
    )
    await call(a, 'POST', `/api/v1/devices/${edgeDevice}/changes`, {
      operations: [{ op: 'set', path: '/system/identity', values: { name: 'doc' } }],
      mode: 'standard',
    })
    let pulled: { changes: { id: string }[] } = { changes: [] }
    for (let i = 0; i < 50 && pulled.changes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20))
      pulled = await data(await call(a, 'GET', '/api/v1/edge/changes', undefined, asEdge))
    }
    await call(
      a,
      'POST',
      `/api/v1/edge/changes/${pulled.changes[0]?.id ?? 'none'}/result`,
      { state: 'kept', message: 'doc', results: [{ index: 0, status: 'ok' }] },
      asEdge,
    )
    await call(a, 'DELETE', `/api/v1/edges/${reg.edge.id}`)
    await h.scope
      .insertInto('device_logs', {
        device_id: rt.deviceId as never,
        at: h.clock.now(),
        sent_at: null,
        facility: 3,
        severity: 4,
        host: 'doc',
        app: 'system,warning',
        msg: 'doc line',
      })
      .execute()
    await call(a, 'GET', `/api/v1/devices/${rt.deviceId}/logs?q=doc&severity=warning&limit=10`)
    // config backups of a simulated router over real SSH
    const bakDev = new SimRouter({ persona: 'rb5009-7.15', name: 'doc-bak' })
    const bakSsh = await startSshServer(bakDev, { host: '127.0.0.1', port: 0 })
    try {
      const made = await data<{ devices: { id: string }[] }>(
        await call(a, 'POST', '/api/v1/devices', [
          {
            name: 'doc-bak',
            host: '127.0.0.1',
            apiPort: 1,
            sshPort: bakSsh.port,
            username: 'admin',
          },
        ]),
      )
      const bid = made.devices[0]?.id
      const first = await data<{ backup: { id: string }; changed: boolean }>(
        await call(a, 'POST', `/api/v1/devices/${bid}/backups`),
      )
      expect(first.changed).toBe(true)
      bakDev.tree.setSingleton('/system/identity', { name: 'doc-bak-2' })
      const second = await data<{ backup: { id: string }; changed: boolean }>(
        await call(a, 'POST', `/api/v1/devices/${bid}/backups`),
      )
      await call(a, 'GET', `/api/v1/devices/${bid}/backups`)
      await call(a, 'GET', `/api/v1/devices/${bid}/backups/${first.backup.id}`)
      expect(
        await (
          await call(a, 'GET', `/api/v1/devices/${bid}/backups/${first.backup.id}/export.rsc`)
        ).text(),
      ).toMatch(/^# .* by RouterOS 7/)
      expect(
        await (
          await call(
            a,
            'GET',
            `/api/v1/devices/${bid}/backups/diff?from=${first.backup.id}&to=${second.backup.id}`,
          )
        ).text(),
      ).toContain('+set name=doc-bak-2')
      await call(a, 'GET', `/api/v1/devices/${bid}/backups/diff?from=${second.backup.id}&to=live`)
      const run = await data<{ run: { id: string } }>(
        await call(a, 'POST', '/api/v1/backups/run', { deviceIds: [bid] }),
      )
      for (
        let i = 0;
        i < 100 &&
        !(
          await data<{ run: { finishedAt: number | null } }>(
            await call(a, 'GET', `/api/v1/backups/runs/${run.run.id}`),
          )
        ).run.finishedAt;
        i++
      )
        await new Promise((r) => setTimeout(r, 50))
      await call(a, 'GET', `/api/v1/backups/runs/${run.run.id}`)
      await call(a, 'GET', '/api/v1/backups/search?q=doc-bak-2')
    } finally {
      await bakSsh.close()
    }

    // fleet jobs, templates and firmware (issue 12) on a simulated router over real SSH
    const jobDev = new SimRouter({ persona: 'hap-ac-6.49', name: 'doc-job' })
    const jobSsh = await startSshServer(jobDev, { host: '127.0.0.1', port: 0 })
    try {
      const made = await data<{ devices: { id: string }[] }>(
        await call(a, 'POST', '/api/v1/devices', [
          {
            name: 'doc-job',
            host: '127.0.0.1',
            apiPort: 1,
            sshPort: jobSsh.port,
            username: 'admin',
          },
        ]),
      )
      const jid = made.devices[0]?.id ?? ''
      const tpl = await data<{ template: { id: string } }>(
        await call(a, 'POST', '/api/v1/templates', {
          name: 'Doc NTP',
          body: '/system ntp client set enabled=yes primary-ntp={{ntp}}',
          variables: [{ name: 'ntp', type: 'ip', default: '192.0.2.123' }],
        }),
      )
      await call(a, 'GET', '/api/v1/templates')
      await call(a, 'PATCH', `/api/v1/templates/${tpl.template.id}`, {
        name: 'Doc NTP',
        body: '/system identity print',
        variables: [],
      })
      await call(a, 'GET', `/api/v1/templates/${tpl.template.id}`)
      await call(a, 'POST', `/api/v1/templates/${tpl.template.id}/preview`, {
        targets: { deviceIds: [jid] },
      })
      const job = await data<{ job: { id: string } }>(
        await call(a, 'POST', '/api/v1/jobs', {
          kind: 'command',
          command: '/system identity print',
          targets: { deviceIds: [jid] },
        }),
      )
      for (
        let i = 0;
        i < 200 &&
        (await data<{ job: { state: string } }>(await call(a, 'GET', `/api/v1/jobs/${job.job.id}`)))
          .job.state === 'running';
        i++
      )
        await new Promise((r) => setTimeout(r, 50))
      await call(a, 'GET', '/api/v1/jobs')
      await call(a, 'GET', `/api/v1/jobs/${job.job.id}/results.csv`)
      expect((await call(a, 'POST', `/api/v1/jobs/${job.job.id}/retry`)).status).toBe(409)
      // nothing listens on loopback port 1: the target fails at once and can be retried
      const dead = await data<{ devices: { id: string }[] }>(
        await call(a, 'POST', '/api/v1/devices', [
          { name: 'doc-job-dead', host: '127.0.0.1', apiPort: 1, sshPort: 1, username: 'admin' },
        ]),
      )
      const failing = await data<{ job: { id: string } }>(
        await call(a, 'POST', '/api/v1/jobs', {
          kind: 'command',
          command: '/system identity print',
          targets: { deviceIds: [dead.devices[0]?.id] },
        }),
      )
      const settled = async (id: string) => {
        for (
          let i = 0;
          i < 200 &&
          (await data<{ job: { state: string } }>(await call(a, 'GET', `/api/v1/jobs/${id}`))).job
            .state === 'running';
          i++
        )
          await new Promise((r) => setTimeout(r, 50))
      }
      await settled(failing.job.id)
      await call(a, 'POST', `/api/v1/jobs/${failing.job.id}/retry`)
      await settled(failing.job.id)
      const later = await data<{ job: { id: string } }>(
        await call(a, 'POST', '/api/v1/jobs', {
          kind: 'template',
          templateId: tpl.template.id,
          targets: { deviceIds: [jid] },
          notBefore: Date.now() + 86_400_000,
        }),
      )
      await call(a, 'POST', `/api/v1/jobs/${later.job.id}/resume`)
      await call(a, 'POST', `/api/v1/jobs/${later.job.id}/cancel`)
      await call(a, 'POST', '/api/v1/firmware/check', { deviceIds: [jid] })
      await call(a, 'GET', '/api/v1/firmware')
    } finally {
      await jobSsh.close()
    }
    // config changes (issue 11) on a simulated router over the real API: read, preview, apply
    // (standard, and safe with manual "keep"), history, and restore of a stored version
    const chgSim = await startDevice({ persona: 'rb5009-7.15', name: 'doc-chg' })
    try {
      const made = await data<{ devices: { id: string }[] }>(
        await call(a, 'POST', '/api/v1/devices', [
          {
            name: 'doc-chg',
            host: chgSim.host,
            apiPort: chgSim.apiPort,
            sshPort: chgSim.sshPort,
            username: 'admin',
          },
        ]),
      )
      const cid = made.devices[0]?.id
      const base = `/api/v1/devices/${cid}`
      const untilFinal = async (
        changeId: string,
        stop: (c: { state: string; awaitingKeep: boolean }) => boolean,
      ) => {
        for (let i = 0; i < 200; i++) {
          const c = (
            await data<{ change: { state: string; awaitingKeep: boolean } }>(
              await call(a, 'GET', `${base}/changes/${changeId}`),
            )
          ).change
          if (stop(c)) return c
          await new Promise((r) => setTimeout(r, 50))
        }
        throw new Error('change did not settle')
      }
      await call(a, 'GET', `${base}/config?path=/ip/address`)
      await call(a, 'POST', `${base}/changes/preview`, {
        operations: [{ op: 'set', path: '/system/identity', values: { name: 'doc-chg-2' } }],
      })
      expect((await admin.post(`/devices/${cid}/backups/binary`, { mode: 'plain' })).status).toBe(
        303,
      ) // binary .backup restore below
      const backup = await data<{ backup: { id: string } }>(
        await call(a, 'POST', `${base}/backups`),
      )
      const std = await data<{ change: { id: string } }>(
        await call(a, 'POST', `${base}/changes`, {
          operations: [{ op: 'set', path: '/system/identity', values: { name: 'doc-chg-2' } }],
          mode: 'standard',
          confirm: 'auto',
        }),
      )
      expect(
        (await untilFinal(std.change.id, (c) => c.state !== 'validating' && c.state !== 'applying'))
          .state,
      ).toBe('kept')
      const safe = await data<{ change: { id: string } }>(
        await call(a, 'POST', `${base}/changes`, {
          operations: [{ op: 'set', path: '/ip/dns', values: { servers: '9.9.9.9' } }],
          mode: 'safe',
          confirm: 'manual',
          windowS: 60,
        }),
      )
      await untilFinal(safe.change.id, (c) => c.awaitingKeep)
      expect(
        (
          await data<{ change: { state: string } }>(
            await call(a, 'POST', `${base}/changes/${safe.change.id}/keep`),
          )
        ).change.state,
      ).toBe('kept')
      await call(a, 'GET', `${base}/changes`)
      expect(
        (
          await data<{ windowS: number }>(
            await call(a, 'PATCH', '/api/v1/change-settings', { windowS: 90 }),
          )
        ).windowS,
      ).toBe(90)
      expect(
        (await data<{ windowS: number }>(await call(a, 'GET', '/api/v1/change-settings'))).windowS,
      ).toBe(90)
      const preview = await data<{ restore: { script: string } }>(
        await call(a, 'POST', `${base}/backups/${backup.backup.id}/restore`, { apply: false }),
      )
      expect(preview.restore.script, JSON.stringify(preview)).toContain(
        '/system identity set name=doc-chg',
      )
      expect(
        (preview.restore as unknown as { problems: unknown[] }).problems,
        JSON.stringify(preview),
      ).toEqual([])
      const restoreRes = await call(a, 'POST', `${base}/backups/${backup.backup.id}/restore`, {
        apply: true,
        mode: 'standard',
      })
      const restored = await data<{ change: { id: string } }>(restoreRes)
      expect(restored.change, JSON.stringify(restored)).toBeDefined()
      expect(
        (
          await untilFinal(
            restored.change.id,
            (c) => c.state !== 'validating' && c.state !== 'applying',
          )
        ).state,
      ).toBe('kept')
      expect(chgSim.device.identity).toBe('doc-chg')
      // binary .backup restore (kind: binary): the preview says the device reboots onto the file
      const bin = await h.deps.kysely
        .selectFrom('device_binary_backups')
        .select('id')
        .where('device_id', '=', cid as never)
        .executeTakeFirstOrThrow()
      const binPreview = await data<{ binaryRestore: { ok: boolean; steps: string[] } }>(
        await call(a, 'POST', `${base}/backups/${bin.id}/restore`, { kind: 'binary' }),
      )
      expect(binPreview.binaryRestore.ok, JSON.stringify(binPreview)).toBe(true)
    } finally {
      await chgSim.close()
    }

    // discovery and adoption (issue 18): a loopback /30 with one simulated router on 8728
    const discSim = await startDevice({
      name: 'doc-disc',
      host: '127.20.10.1',
      apiPort: 8728,
      services: { api: true, apiSsl: false, ssh: false },
    })
    try {
      const started = await data<{ scan: { id: string } }>(
        await call(a, 'POST', '/api/v1/discovery/scans', { cidr: '127.20.10.0/30', ports: [8728] }),
      )
      let state = 'running'
      for (let i = 0; i < 200 && state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 25))
        state = (
          await data<{ scan: { state: string } }>(
            await call(a, 'GET', `/api/v1/discovery/scans/${started.scan.id}`),
          )
        ).scan.state
      }
      expect(state).toBe('succeeded')
      const queue = await data<{ candidates: { id: string; address: string }[] }>(
        await call(a, 'GET', '/api/v1/discovery/candidates'),
      )
      const found = queue.candidates.find((c) => c.address === '127.20.10.1')
      const adopted = await data<{ ok: boolean }>(
        await call(a, 'POST', `/api/v1/discovery/candidates/${found?.id}/adopt`, {
          username: discSim.username,
          password: discSim.password,
        }),
      )
      expect(adopted.ok).toBe(true)
    } finally {
      await discSim.close()
    }

    // administration
    await call(a, 'GET', '/api/v1/users')
    const made = await data<{ user: { userId: string } }>(
      await call(a, 'POST', '/api/v1/users', { username: 'doc-user', role: 'viewer' }),
    )
    const uid = made.user.userId
    await call(a, 'GET', `/api/v1/users/${uid}`)
    await call(a, 'PATCH', `/api/v1/users/${uid}`, { role: 'operator' })
    await call(a, 'POST', `/api/v1/users/${uid}/reset-password`, {})
    await call(a, 'DELETE', `/api/v1/users/${uid}`)
    const key = await data<{ apiKey: { id: string } }>(
      await call(a, 'POST', '/api/v1/api-keys', { name: 'doc key', role: 'viewer' }),
    )
    await call(a, 'GET', '/api/v1/api-keys')
    const reissued = await data<{ apiKey: { id: string } }>(
      await call(a, 'POST', `/api/v1/api-keys/${key.apiKey.id}/reissue`),
    )
    await call(a, 'DELETE', `/api/v1/api-keys/${reissued.apiKey.id}`)
    await call(a, 'DELETE', `/api/v1/api-keys/${key.apiKey.id}`)
    await call(a, 'GET', '/api/v1/audit?outcome=success')

    // two-step verification (issue 17): enrol, confirm, new recovery codes, policy, turn off
    await call(a, 'GET', '/api/v1/me/security')
    const enrol = await data<{ secret: string }>(await call(a, 'POST', '/api/v1/me/security/totp'))
    const firstCodes = await data<{ recoveryCodes: string[] }>(
      await call(a, 'POST', '/api/v1/me/security/totp/confirm', {
        code: totpAt(base32Decode(enrol.secret), h.deps.clock.now()),
      }),
    )
    const newCodes = await data<{ recoveryCodes: string[] }>(
      await call(a, 'POST', '/api/v1/me/security/recovery-codes', {
        code: firstCodes.recoveryCodes[0],
      }),
    )
    await call(a, 'PATCH', '/api/v1/me/security/policy', { tenant: true })
    await call(a, 'PATCH', '/api/v1/me/security/policy', { tenant: false })
    await call(root, 'PATCH', '/api/v1/me/security/policy', { appliance: false })
    await call(a, 'POST', '/api/v1/me/security/totp/remove', { code: newCodes.recoveryCodes[0] })

    // accounts and privacy (issue 19)
    await call(a, 'POST', '/api/v1/auth/password-reset', { username: 'nobody-at-all' })
    h.deps.keyUse.record({
      tenantId: h.tenantId,
      purpose: 'poll',
      subject: { type: 'device', id: d1?.id ?? '', label: 'doc' },
      at: h.deps.clock.now(),
    })
    await flushKeyUse(h.deps)
    await call(a, 'GET', '/api/v1/key-use?purpose=poll')
    await call(a, 'GET', '/api/v1/me/export')
    // account deletion (issue 19): a wrong password changes nothing, the right one answers the receipt
    const leaving = await loginAs(t, 'viewer', h.tenantId as TenantId)
    await call(leaving, 'DELETE', '/api/v1/me', { password: 'not my password' })
    await call(leaving, 'DELETE', '/api/v1/me', { password: TEST_PASSWORD })

    // super admin
    await call(root, 'GET', '/api/v1/users/all')
    await call(root, 'GET', '/api/v1/appliance/backups')
    const tenant = await data<{ tenant: { id: string } }>(
      await call(root, 'POST', '/api/v1/tenants', { name: 'Doc Tenant' }),
    )
    const tid = tenant.tenant.id
    await call(root, 'GET', '/api/v1/tenants')
    await call(root, 'GET', `/api/v1/tenants/${tid}`)
    await call(root, 'PATCH', `/api/v1/tenants/${tid}`, { name: 'Doc Tenant 2' })
    const someone = await makeUser(h.deps, { username: 'doc-member' })
    const member = await data<{ member: { membershipId: string } }>(
      await call(root, 'POST', `/api/v1/tenants/${tid}/members`, {
        username: someone.username,
        role: 'viewer',
      }),
    )
    await call(root, 'GET', `/api/v1/tenants/${tid}/members`)
    await call(root, 'PATCH', `/api/v1/tenants/${tid}/members/${member.member.membershipId}`, {
      role: 'admin',
    })
    await call(root, 'DELETE', `/api/v1/tenants/${tid}/members/${member.member.membershipId}`)
    await call(root, 'DELETE', `/api/v1/tenants/${tid}?confirm=Doc%20Tenant%202`)

    // WireGuard overlay (issue 14): the appliance's facts, a device's enrollment and its status
    await call(a, 'GET', '/api/v1/overlay')
    const enroll = await data<{ script: string; enrollUrl: string }>(
      await call(a, 'POST', `/api/v1/devices/${d1?.id}/overlay/enroll`),
    )
    expect(enroll.script).toContain('/tool fetch')
    await call(a, 'GET', `/api/v1/devices/${d1?.id}/overlay`)

    // deletions last
    for (const [kind, one] of [
      ['sites', 'site'],
      ['tags', 'tag'],
      ['groups', 'group'],
    ] as const) {
      await call(a, 'DELETE', `/api/v1/${kind}/${ids[one]}`)
    }
    await call(a, 'DELETE', `/api/v1/devices/${d2?.id}`)
    expect((await call(a, 'GET', `/api/v1/devices/${d2?.id}`)).status).toBe(404)

    expect(problems).toEqual([])
    const all = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    )
    expect(all.filter((k) => !covered.has(k))).toEqual([])
  }, 60_000)
})
