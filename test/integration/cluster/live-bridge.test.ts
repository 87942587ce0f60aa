// Live pages across processes (issue 20): two Outpost appliances on one PostgreSQL, a simulated
// router polled by whichever holds its lease (P), the live stream (GET /live) opened on the other
// one's real HTTP server (Q). A poll, a status change and an alert made by P reach Q's stream; a
// stream of another tenant on Q gets nothing; Q's engines never see P's polls (its local bus stays
// silent, so nothing is evaluated twice); a rule changed on Q makes P's alert engine reload it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { changeRule, rulesOf } from '../../../src/alerts/index.ts'
import { issueTokens } from '../../../src/auth/session-tokens.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import type { Deps } from '../../../src/deps.ts'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../../src/http/session-cookies.ts'
import { newId, type TenantId, type TokenFamilyId } from '../../../src/lib/ids.ts'
import type { PollerEventMap, PollerEventName } from '../../../src/poller/index.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { addDevice, startSim, type Sim } from '../edge/edge-support.ts'
import { makeTenant, makeUser } from '../../support/login.ts'
import type { TestDeps } from '../../support/db.ts'
import { clusterApps, type ClusterApps } from './cluster-apps.ts'

let apps: ClusterApps
const running: RunningOutpost[] = []
const streams: SseClient[] = []
let sim: Sim | undefined
beforeAll(async () => {
  apps = await clusterApps()
}, 60_000)
afterAll(async () => {
  for (const s of streams) s.close()
  await sim?.server.close()
  for (const o of running) await o.stop()
  apps?.close()
})

interface SseEvent {
  event: string
  data: string
  at: number
}

/** GET /live on a real server, read as it arrives; each event stamped when it was parsed. */
class SseClient {
  readonly events: SseEvent[] = []
  readonly #abort = new AbortController()
  static async open(url: string, cookie: string): Promise<SseClient> {
    const c = new SseClient()
    streams.push(c)
    const res = await fetch(`${url}/live`, {
      headers: { Cookie: cookie },
      signal: c.#abort.signal,
    })
    expect(res.status).toBe(200)
    void c.#read(res.body as ReadableStream<Uint8Array>)
    await waitFor(() => c.events.some((e) => e.event === 'hello'), 'the stream to open')
    return c
  }
  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const dec = new TextDecoder()
    let buf = ''
    try {
      for await (const chunk of body) {
        buf += dec.decode(chunk, { stream: true })
        let end: number
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end)
          buf = buf.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event !== undefined) this.events.push({ event, data: data ?? '', at: Date.now() })
        }
      }
    } catch {
      // aborted by close()
    }
  }
  close(): void {
    this.#abort.abort()
  }
}

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A viewer of `tenantId` signed in; the cookie works on every process (shared token secret). */
async function viewerCookie(deps: Deps, tenantId: TenantId): Promise<string> {
  const user = await makeUser(deps as TestDeps, { memberships: [{ tenantId, role: 'viewer' }] })
  const now = Date.now()
  const tokens = await withTransaction(deps, (tx) =>
    issueTokens(tx.global, deps.secrets.tokenKey, {
      userId: user.id,
      familyId: newId<TokenFamilyId>(now),
      tenantId,
      meta: { ip: '127.0.0.1', userAgent: 'test' },
      now,
    }),
  )
  return `${ACCESS_COOKIE}=${tokens.access}; ${REFRESH_COOKIE}=${tokens.refresh}`
}

/** Every event of these names on a process's own (local) poller bus, stamped on arrival. */
function record(o: RunningOutpost, names: readonly PollerEventName[]) {
  const seen: { name: PollerEventName; deviceId?: string; to?: string; at: number }[] = []
  for (const name of names)
    o.poller.poller.bus.on(name, (e: PollerEventMap[typeof name]) =>
      seen.push({ name, ...(e as { deviceId?: string; to?: string }), at: Date.now() }),
    )
  return seen
}

it('brings one process’s polls, status changes and alerts to the live pages of another', async () => {
  const a = await startOutpost(apps.env(), { logDestination: apps.dest })
  running.push(a)
  const b = await startOutpost(apps.env(), { logDestination: apps.dest, initialAdmin: false })
  running.push(b)
  const names = ['device.polled', 'device.status_changed', 'alert.changed'] as const
  const seenA = record(a, names)
  const seenB = record(b, names)
  const mine = await makeTenant(a.deps as TestDeps)
  const other = await makeTenant(a.deps as TestDeps)
  sim = await startSim('bridged')
  const deviceId = await addDevice(a, forTenant(a.deps.kysely, mine.id), sim)

  // whichever process took the lease polls it: P; the pages are opened on the other one, Q
  await waitFor(
    () => [...seenA, ...seenB].some((e) => e.name === 'device.polled' && e.deviceId === deviceId),
    'the first poll',
    60_000,
  )
  const pIsA = seenA.some((e) => e.deviceId === deviceId)
  const [q, seenP, seenQ] = pIsA ? [b, seenA, seenB] : [a, seenB, seenA]
  const stream = await SseClient.open(q.url, await viewerCookie(q.deps, mine.id))
  const otherStream = await SseClient.open(q.url, await viewerCookie(q.deps, other.id))

  // a poll on P: the page on Q lists the device among the polled ones (coalesced once a second)
  await waitFor(
    () => stream.events.some((e) => e.event === 'polled' && e.data.includes(deviceId)),
    'a poll of P on the stream of Q',
    5_000,
  )

  // a rule changed on Q reaches P's engine: "offline" alerts at once instead of after 2 min.
  // P evaluated this tenant already (its first poll), so without the reload it keeps the old rule.
  const ctx = {
    deps: q.deps,
    scope: forTenant(q.deps.kysely, mine.id),
    actor: { kind: 'user' as const, id: 'test', name: 'test', ip: null },
    bus: q.poller.poller.bus,
  }
  const offline = (await rulesOf(ctx)).find((r) => r.kind === 'offline')!
  await changeRule(ctx, offline.id, { durationS: 0 })
  await new Promise((r) => setTimeout(r, 1000))

  // the router goes away: P sees it offline and opens the alert; Q's page hears both
  await sim.server.close()
  await waitFor(
    () => stream.events.some((e) => e.event === 'alert' && e.data.includes(deviceId)),
    'the alert of P on the stream of Q',
  )
  const statusAtP = seenP.find((e) => e.name === 'device.status_changed' && e.to === 'offline')!.at
  const alertAtP = seenP.find((e) => e.name === 'alert.changed')!.at
  const statusOnQ = stream.events.find(
    (e) => e.event === 'status' && e.data.includes(deviceId) && e.data.includes('"to":"offline"'),
  )!
  const alertOnQ = stream.events.find((e) => e.event === 'alert' && e.data.includes(deviceId))!
  expect(JSON.parse(statusOnQ.data)).toMatchObject({ deviceId, to: 'offline' })
  expect(JSON.parse(alertOnQ.data)).toMatchObject({ deviceId, state: 'open' })
  const latency = { status: statusOnQ.at - statusAtP, alert: alertOnQ.at - alertAtP }
  console.info('live bridge latency across processes (ms):', latency)
  expect(latency.status).toBeLessThan(2000)
  expect(latency.alert).toBeLessThan(2000)

  // Q's own bus (its engines: alerts, backups, SLA history) never saw P's device: evaluated once
  expect(seenQ.filter((e) => e.deviceId === deviceId)).toEqual([])
  const alerts = apps.pg.psql(
    `SELECT count(*) FROM alerts WHERE device_id = '${deviceId}'`,
    'outpost',
  )
  expect(alerts).toBe('1\n')

  // another tenant's stream on Q got nothing of it
  await new Promise((r) => setTimeout(r, 1500))
  expect(otherStream.events.map((e) => e.event)).toEqual(['hello'])

  // the listening connections drop (a database restart, a network cut): notifications sent
  // meanwhile are lost, so the open page is told to re-read everything once they are back
  apps.pg.psql(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'outpost-live'",
    'outpost',
  )
  await waitFor(() => stream.events.some((e) => e.event === 'resync'), 'a resync on Q')
  expect(apps.logLines.filter((l) => /"level":50/.test(l))).toEqual([])
}, 120_000)
