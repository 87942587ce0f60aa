// `npm run demo` (bundled to dist/demo.mjs): Outpost with a simulated fleet in one process, so a
// newcomer sees a living dashboard within a minute. Starts the simulated routers, then Outpost
// through the normal startup (startOutpost), seeds a demo super admin, three tenants and their
// devices, waits for the first polls and prints exactly one line on stdout, the last one printed:
//   Outpost demo ready: http://HOST:PORT user=USER password=PASSWORD devices=N
// Logs (the deliberately faulty devices warn on every poll) go to demo.log in the data directory;
// stderr gets one summary of those faults before the ready line (issue 15). No `admin` with a
// one-time password is created: the demo user is the way in. OUTPOST_PORT and OUTPOST_DATA_DIR
// are honoured; OUTPOST_DEMO_DEVICES sets the fleet size (default 60).
import { createWriteStream, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ConfigError, processEnv } from './config.ts'
import { DEMO_ENV_DEFAULTS, loadDemoConfig } from './demo/demo-config.ts'
import { startDemoFleet, stopDemoFleet, type DemoDevice } from './demo/demo-fleet.ts'
import { DEMO_TENANTS, DEMO_USER, ensureDemoAdmin, seedDemoDevices } from './demo/demo-seed.ts'
import { waitForFirstPolls } from './demo/first-polls.ts'
import { StartupError } from './lib/secrets-file.ts'
import { startOutpost, type RunningOutpost } from './startup.ts'

function fail(err: unknown): never {
  const known = err instanceof ConfigError || err instanceof StartupError
  process.stderr.write(
    `outpost demo: ${known ? err.message : String((err as Error)?.stack ?? err)}\n`,
  )
  process.exit(1)
}

/** A URL a browser on this machine can open (0.0.0.0 / :: are not addresses to visit). */
function visitUrl(outpost: RunningOutpost): string {
  const host = outpost.deps.config.host
  return ['0.0.0.0', '::'].includes(host) ? `http://127.0.0.1:${outpost.port}` : outpost.url
}

/** "3 of 60 routers fail on purpose (1 login rejected, 2 connection refused)" */
function faultSummary(fleet: readonly DemoDevice[]): string {
  const byLabel = new Map<string, number>()
  for (const d of fleet) if (d.fault) byLabel.set(d.fault, (byLabel.get(d.fault) ?? 0) + 1)
  const n = [...byLabel.values()].reduce((a, b) => a + b, 0)
  const parts = [...byLabel].map(([label, k]) => `${k} ${label}`).join(', ')
  return n === 0 ? '' : `${n} of ${fleet.length} demo routers misbehave on purpose (${parts})`
}

async function main(): Promise<void> {
  const env = { ...DEMO_ENV_DEFAULTS, ...processEnv() }
  const demo = loadDemoConfig(env)
  const dataDir = resolve(env.OUTPOST_DATA_DIR ?? DEMO_ENV_DEFAULTS.OUTPOST_DATA_DIR ?? '.')
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const logFile = join(dataDir, 'demo.log')
  const logDestination = createWriteStream(logFile, { flags: 'a', mode: 0o600 })
  let fleet: DemoDevice[] = []
  // eslint-disable-next-line prefer-const -- the signal handlers above its assignment read it
  let outpost: RunningOutpost | undefined
  const stop = async () => {
    await outpost?.stop()
    await stopDemoFleet(fleet)
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  fleet = await startDemoFleet(demo.devices, DEMO_TENANTS.length)
  outpost = await startOutpost(env, { logDestination, initialAdmin: false })
  const admin = await ensureDemoAdmin(outpost.deps)
  const n = await seedDemoDevices(outpost.deps, admin.id, fleet, demo.pollIntervalS)
  await waitForFirstPolls(outpost.poller.poller.bus, n, 20_000)
  const faults = faultSummary(fleet)
  process.stderr.write(
    `${faults ? `${faults}; their warnings` : 'Logs'} go to ${logFile} (tail -f it to watch).\n`,
  )
  process.stdout.write(
    `Outpost demo ready: ${visitUrl(outpost)} user=${DEMO_USER} password=${admin.password} devices=${n}\n`,
  )
}

await main().catch(fail)
