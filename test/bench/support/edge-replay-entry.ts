// Built and run by test/bench/edge-replay.ts. `central DIR PORT [setup]`: a central appliance
// with HTTPS on PORT; with `setup` it creates a tenant and an edge registration and prints them
// as one JSON line. `edge …` is run in the benchmark's own process (see edge-replay.ts).
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { centralIdentity, createEdgeRegistration } from '../../../src/edge/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'

export { startOutpost, forTenant, newId }
export { storeCapture } from '../../../src/backups/index.ts'
export {
  dataKeyFor,
  endpointWithDefaults,
  sealCredentials,
} from '../../../src/device-access/index.ts'
export { registerWithCentral } from '../../../src/edge/index.ts'

const silent = new Writable({ write: (_c, _e, done) => done() })

function rss(): Record<string, number> {
  const s = readFileSync('/proc/self/status', 'utf8')
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0)
  return { rssMb: kb('VmRSS') / 1024, anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 }
}

async function central(dir: string, port: string, setup: boolean): Promise<void> {
  const o: RunningOutpost = await startOutpost(
    {
      OUTPOST_DATA_DIR: dir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_HTTPS_PORT: port,
    },
    { logDestination: silent, initialAdmin: false },
  )
  let out: Record<string, unknown> = { ready: true, url: o.https!.url }
  if (setup) {
    const id = newId<TenantId>()
    await o.deps.db
      .insertInto('tenants')
      .values({ id, name: 'bench', created_at: Date.now() })
      .execute()
    const reg = await createEdgeRegistration(
      o.deps,
      { kind: 'user', id: 'bench', name: 'bench', ip: null },
      forTenant(o.deps.kysely, id),
      'bench edge',
      centralIdentity(o.deps.config, o.https!.url),
    )
    out = { ...out, token: reg.token, fingerprint: reg.fingerprint, tenantId: id }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
  const cpu0 = process.cpuUsage()
  process.on('message', (m) => {
    if (m === 'stats')
      process.send?.({
        ...rss(),
        cpuS: (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6,
      })
  })
  process.once('SIGTERM', () => {
    void o.stop().then(() => process.exit(0))
  })
}

if (process.argv[2] === 'central')
  await central(process.argv[3]!, process.argv[4]!, process.argv[5] === 'setup')
