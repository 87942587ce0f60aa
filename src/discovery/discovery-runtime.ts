// What startup.ts starts for discovery: the MNDP listener (when OUTPOST_MNDP_PORT is not 0), and
// on shutdown the scans still running (stored as cancelled) and the listener.
import type { Deps } from '../deps.ts'
import { startMndpListener, type MndpListener } from './mndp-listener.ts'
import { scanRunner } from './scan-runner.ts'

export interface DiscoveryRuntime {
  readonly mndp: MndpListener | undefined
  stop(): Promise<void>
}

export async function startDiscovery(deps: Deps): Promise<DiscoveryRuntime> {
  const { mndpPort, mndpHost } = deps.config.discovery
  let mndp: MndpListener | undefined
  if (mndpPort !== 0) {
    try {
      mndp = await startMndpListener({
        host: mndpHost,
        port: mndpPort,
        db: deps.db,
        log: deps.log,
        now: () => deps.clock.now(),
      })
      deps.log.info({ port: mndp.port }, 'mndp listening (udp)')
    } catch (err) {
      deps.log.error(
        { err, port: mndpPort },
        'mndp listener not started; discovery scans still work',
      )
    }
  }
  return {
    mndp,
    stop: async () => {
      await scanRunner(deps).stopAll()
      await mndp?.stop()
    },
  }
}
