// Notification delivery benchmark: the real delivery worker (NotificationDispatcher) on a real
// database, webhook channels of 20 tenants pointing at a loopback HTTP receiver, plus one tenant
// whose receiver hangs. Reports (1) latency from committing an outbox row to the receiver having
// the signed POST, with the worker woken as the alert engine wakes it, and (2) throughput draining
// a backlog (flood digests off, so every message is one POST), with the load average.
// Usage: node test/bench/notifications.ts [--tenants 20] [--backlog 2000]
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import { forTenant, type TenantScope } from '../../src/db/tenant-scope.ts'
import { newId, type TenantId } from '../../src/lib/ids.ts'
import { createChannel } from '../../src/notifications/channels.service.ts'
import { NotificationDispatcher } from '../../src/notifications/dispatcher.ts'
import { createTestDeps } from '../support/db.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const TENANTS = Number(arg('tenants', '20'))
const BACKLOG = Number(arg('backlog', '2000'))

let received = 0
const waiters: (() => void)[] = []
const hanging: ServerResponse[] = []
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    if (req.url === '/hang') return void hanging.push(res)
    received++
    res.writeHead(200).end('{}')
    for (const w of waiters.splice(0)) w()
  })
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const deps = await createTestDeps({
  clock: { now: () => Date.now(), advance: () => undefined, set: () => undefined },
})
const config = { ...deps.config, notify: { floodLimit: 1_000_000, timeoutMs: 10_000 } }
const actor = { kind: 'user' as const, id: 'bench', name: 'bench', ip: null }
const targets: { scope: TenantScope; channelId: string }[] = []
for (let i = 0; i <= TENANTS; i++) {
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: `t${i}`, created_at: Date.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const path = i === TENANTS ? '/hang' : `/t${i}`
  const ch = await createChannel(
    { deps: { ...deps, config }, scope, actor },
    {
      type: 'webhook',
      name: `hook ${i}`,
      url: `${url}${path}`,
      secret: 'bench-secret-0123456789',
      minSeverity: 'info',
      scopeKind: 'tenant',
      enabled: true,
    },
  )
  targets.push({ scope, channelId: ch.id })
}
const hangTarget = targets.pop()!

async function queue(t: { scope: TenantScope; channelId: string }, n: number): Promise<void> {
  const now = Date.now()
  const rows = Array.from({ length: n }, () => {
    const alertId = newId()
    const msg = {
      event: 'opened',
      tenantId: t.scope.tenantId,
      at: now,
      alert: {
        id: alertId,
        deviceId: 'd',
        deviceName: 'edge',
        rule: 'CPU',
        kind: 'cpu',
        severity: 'critical',
        state: 'open',
        message: 'CPU load 99 % > 90 %',
        value: 99,
        threshold: 90,
        openedAt: now,
        ackedAt: null,
        ackedBy: null,
        ackNote: null,
        resolvedAt: null,
        url: 'https://outpost.example/devices/d',
      },
    }
    return {
      id: newId(),
      channel_id: t.channelId,
      alert_id: alertId,
      event: 'opened',
      payload_json: JSON.stringify(msg),
      state: 'pending' as const,
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    }
  })
  for (let i = 0; i < rows.length; i += 500)
    await t.scope.insertInto('alert_outbox', rows.slice(i, i + 500)).execute()
}

const dispatcher = new NotificationDispatcher({ ...deps, config })
dispatcher.start()
// a tenant whose receiver hangs, with a backlog, for the whole run
await queue(hangTarget, 50)

const lat: number[] = []
for (let i = 0; i < 100; i++) {
  const t = targets[i % targets.length]!
  const before = received
  const got = new Promise<void>((r) => waiters.push(r))
  const start = performance.now()
  await queue(t, 1)
  dispatcher.kick()
  await got
  if (received !== before + 1) throw new Error('unexpected delivery count')
  lat.push(performance.now() - start)
}
lat.sort((a, b) => a - b)
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]!.toFixed(1)

for (const t of targets) await queue(t, Math.ceil(BACKLOG / targets.length))
const total = Math.ceil(BACKLOG / targets.length) * targets.length
const startAll = performance.now()
const base = received
const cpu0 = process.cpuUsage()
while (received - base < total) await new Promise((r) => setTimeout(r, 5))
const secs = (performance.now() - startAll) / 1000
const cpu = process.cpuUsage(cpu0)

process.stdout.write(
  `latency commit → received (one tenant's receiver hanging meanwhile): median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms (100 messages)\n`,
)
process.stdout.write(
  `throughput: ${total} messages to ${targets.length} tenants in ${secs.toFixed(2)} s = ${Math.round(total / secs)} messages/s, worker process CPU ${((cpu.user + cpu.system) / 1000 / secs / 10).toFixed(0)} % of one core\n`,
)
process.stdout.write(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
)
for (const r of hanging) r.destroy()
await dispatcher.stop()
server.close()
await deps.close()
process.exit(0)
