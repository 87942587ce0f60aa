// Alert evaluation benchmark: the real AlertEngine on a real database with 10,000 devices and the
// default rules, fed one poll result per device per simulated minute (the points a RouterOS poll
// produces: cpu, memory, disk, uptime, two temperatures, voltage, 8 interfaces rx/tx, wireless),
// with 1 % of the devices breaching CPU so alerts open and resolve (database writes included).
// Reports the engine's CPU per poll result and its share of the poller's own CPU per poll
// (2.4 ms, README "Poller" table; pass --poller-ms to compare with another figure).
// Usage: node test/bench/alerts.ts [--devices 10000] [--minutes 10] [--poller-ms 2.4]
import { loadavg } from 'node:os'
import { AlertEngine } from '../../src/alerts/alert-engine.ts'
import type { DeviceId } from '../../src/db/schema-devices.ts'
import { forTenant } from '../../src/db/tenant-scope.ts'
import { newId, type TenantId } from '../../src/lib/ids.ts'
import type { MetricPoint } from '../../src/metrics/metric-names.ts'
import { EventBus } from '../../src/poller/event-bus.ts'
import { createTestDeps } from '../support/db.ts'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const DEVICES = Number(arg('devices', '10000'))
const MINUTES = Number(arg('minutes', '10'))
const POLLER_MS = Number(arg('poller-ms', '2.4'))

const deps = await createTestDeps()
const tenantId = newId<TenantId>()
let now = Date.UTC(2026, 10, 1, 12)
await deps.db
  .insertInto('tenants')
  .values({ id: tenantId, name: 'bench', created_at: now })
  .execute()
const scope = forTenant(deps.kysely, tenantId)
const ids: string[] = []
for (let i = 0; i < DEVICES; i += 500) {
  const rows = []
  for (let j = i; j < Math.min(DEVICES, i + 500); j++) {
    const id = newId<DeviceId>(now)
    ids.push(id)
    rows.push({
      id,
      name: `r${j}`,
      host: `10.${j >> 16}.${(j >> 8) & 255}.${j & 255}`,
      host2: null,
      tls_fingerprint: null,
      tls_ca_pem: null,
      ssh_host_key: null,
      username_enc: 'x',
      password_enc: 'x',
      site_id: null,
      latitude: null,
      longitude: null,
      identity: null,
      board: null,
      version: null,
      serial: null,
      last_error: null,
      last_seen_at: null,
      last_polled_at: null,
      created_at: now,
      updated_at: now,
    })
  }
  await scope.insertInto('devices', rows).execute()
}

const bus = new EventBus()
const engine = new AlertEngine({
  kysely: deps.kysely,
  log: deps.log,
  clock: { now: () => now },
  bus,
  publicUrl: '',
})
engine.start()

function points(i: number, minute: number): MetricPoint[] {
  const hot = i % 100 === 0 && minute >= 2 && minute < 8
  const out: MetricPoint[] = [
    { metric: 'cpu', value: hot ? 97 : 10 + (i % 30) },
    { metric: 'mem_used', value: 40 + (i % 20) },
    { metric: 'disk_used', value: 30 },
    { metric: 'uptime', value: 86_400 + minute * 60 },
    { metric: 'temperature', label: 'board-temperature1', value: 45 },
    { metric: 'temperature', label: 'cpu-temperature', value: 55 },
    { metric: 'voltage', label: 'voltage', value: 24 },
    { metric: 'wl_clients', value: 12 },
    { metric: 'wl_signal', value: -62 },
  ]
  for (let k = 0; k < 8; k++) {
    out.push(
      { metric: 'if_rx', label: `ether${k + 1}`, value: 1_000_000 * k },
      { metric: 'if_tx', label: `ether${k + 1}`, value: 500_000 * k },
    )
  }
  return out
}

// warm-up: tenant load, default rules, JIT
for (const id of ids.slice(0, 100))
  bus.emit('device.polled', {
    tenantId,
    deviceId: id,
    status: 'online',
    at: now,
    durationMs: 1,
    points: points(1, 0),
  })
await engine.idle()

// the points are built before measuring: the poller builds them anyway
const batches = Array.from({ length: MINUTES }, (_, m) => ids.map((_, i) => points(i, m)))
let polls = 0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
for (let m = 0; m < MINUTES; m++) {
  now += 60_000
  const batch = batches[m] ?? []
  for (let i = 0; i < ids.length; i++) {
    bus.emit('device.polled', {
      tenantId,
      deviceId: ids[i] ?? '',
      status: 'online',
      at: now,
      durationMs: 1,
      points: batch[i] ?? [],
    })
    polls++
  }
  await engine.idle()
}
const cpu = process.cpuUsage(cpu0)
const wall = performance.now() - t0
const perPoll = (cpu.user + cpu.system) / 1e3 / polls
const opened = await scope
  .selectFrom('alerts')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow()
const resolved = await scope
  .selectFrom('alerts')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('state', '=', 'resolved')
  .executeTakeFirstOrThrow()
await engine.stop()
await deps.close()

const result = {
  devices: DEVICES,
  'poll results': polls,
  'alerts opened / resolved': `${opened.n} / ${resolved.n}`,
  'engine CPU per poll': `${perPoll.toFixed(4)} ms`,
  'share of poller CPU per poll': `${((perPoll / POLLER_MS) * 100).toFixed(2)} % (of ${POLLER_MS} ms)`,
  'engine CPU for 10,000 devices per minute': `${(((perPoll * 10_000) / 60_000) * 100).toFixed(2)} % of one core`,
  wall: `${(wall / 1000).toFixed(1)} s`,
  'load average': loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
if (perPoll / POLLER_MS >= 0.1) {
  process.stderr.write('alert evaluation adds 10 % or more to the poller CPU\n')
  process.exit(1)
}
